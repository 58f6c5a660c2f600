"""``hsconsole-sim``: :func:`main` serves the HeavySet simulator in the foreground until Ctrl+C, with the
Apptoto and TimeZest simulators beside it, each on its own loopback origin."""

from __future__ import annotations

import argparse
import ipaddress
import sys
from collections.abc import Sequence
from typing import Any

import uvicorn

from hsconsole.sim.common import Faults
from hsconsole.sim.dialects import DIALECTS, connector_switches
from hsconsole.sim.heavyset.app import S2S_PREFIX, ZAPIER_PREFIX, create_app
from hsconsole.sim.heavyset.data import DEFAULT_DEMO_TOKEN, DEFAULT_SEED, DEFAULT_TOKEN, DEMO_PHONES, UNKNOWN_PHONE
from hsconsole.sim.heavyset.state import SimState
from hsconsole.sim.serving import AppServer, bind_socket, server_url

# ---------------------------------------------------------------- CLI


def _is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _rate(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hsconsole-sim",
        description="A local simulator of the HeavySet S2S and Zapier APIs, with demo data and fault knobs.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="bind address (loopback by default)")
    parser.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")
    parser.add_argument("--port", type=int, default=8787, help="port (0 = any free port; default 8787)")
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="the valid API token (both API families)")
    parser.add_argument("--demo-token", default=DEFAULT_DEMO_TOKEN, help="a token in demo mode (gets 403)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="demo data seed")
    parser.add_argument("--latency-ms", type=int, default=0, help="added delay on every API request")
    parser.add_argument("--error-rate", type=_rate, default=0.0, help="share of API requests answered 500")
    parser.add_argument("--drop-rate", type=_rate, default=0.0, help="share of API requests whose connection drops")
    parser.add_argument("--timeout-rate", type=_rate, default=0.0, help="share of API requests that hang")
    parser.add_argument("--rate-limit", type=int, default=60, help="requests per minute per token (0 = off)")
    parser.add_argument(
        "--max-log",
        type=_positive,
        default=10_000,
        help="requests kept in the request log, newest last (default 10000; /_sim/traffic counts them all)",
    )
    parser.add_argument("--apptoto-port", type=int, default=0, help="port of the Apptoto simulator (0 = any free)")
    parser.add_argument("--timezest-port", type=int, default=0, help="port of the TimeZest simulator (0 = any free)")
    parser.add_argument("--no-connectors", action="store_true", help="serve HeavySet only, not Apptoto and TimeZest")
    parser.add_argument(
        "--dialect",
        default="",
        metavar="NAME[,NAME...]",
        help=f"read the API documents as another server would ({', '.join(sorted(DIALECTS))}; see sim/README.md)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """``hsconsole-sim``: serve the simulator in the foreground until Ctrl+C."""
    args = _parser().parse_args(argv)
    if not _is_loopback_host(args.host) and not args.allow_remote:
        print(
            f"hsconsole-sim: refusing to listen on non-loopback host {args.host!r}; add --allow-remote to do it anyway",
            file=sys.stderr,
        )
        return 2
    try:
        faults = Faults(
            latency_ms=args.latency_ms,
            error_rate=args.error_rate,
            drop_rate=args.drop_rate,
            timeout_rate=args.timeout_rate,
        )
        faults.validate()
        state = SimState(
            seed=args.seed,
            token=args.token,
            demo_token=args.demo_token,
            faults=faults,
            rate_limit=args.rate_limit or None,
            dialects=args.dialect.split(","),
            max_log=args.max_log,
        )
    except ValueError as exc:
        print(f"hsconsole-sim: {exc}", file=sys.stderr)
        return 2
    try:
        sock = bind_socket(args.host, args.port)
    except OSError as exc:
        print(f"hsconsole-sim: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    url = server_url(args.host, sock.getsockname()[1])
    print(_banner(url, state), flush=True)
    connectors: list[AppServer] = []
    if not args.no_connectors:
        try:
            connectors = _start_connectors(args)
        except (OSError, RuntimeError) as exc:
            print(f"hsconsole-sim: cannot start the Apptoto/TimeZest simulators: {exc}", file=sys.stderr)
            sock.close()
            return 1
    config = uvicorn.Config(create_app(state), log_level="warning", access_log=False, lifespan="off")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        for server in connectors:
            server.stop()
    return 0


def _start_connectors(args: argparse.Namespace) -> list[AppServer]:
    """The Apptoto and TimeZest simulators, each on its own loopback origin, with the same token."""
    from hsconsole.sim.apptoto.app import ApptotoServer
    from hsconsole.sim.timezest.app import TimeZestServer, describe

    dialects = args.dialect.split(",")
    apptoto_switches: dict[str, Any] = connector_switches(dialects, "apptoto")
    timezest_switches: dict[str, Any] = connector_switches(dialects, "timezest")
    apptoto = ApptotoServer(
        host=args.host,
        port=args.apptoto_port,
        api_key=args.token,
        seed=args.seed,
        **apptoto_switches,
    ).start()
    timezest = TimeZestServer(
        host=args.host,
        port=args.timezest_port,
        api_key=args.token,
        seed=args.seed,
        **timezest_switches,
    ).start()
    print(
        f"Apptoto simulator on {apptoto.url}\n"
        f"  API base:       {apptoto.url}/v1   (HTTP Basic: {apptoto.email} and the token above as the API key)\n"
        f"  Admin:          {apptoto.url}/_sim/info (loopback only)",
        flush=True,
    )
    print(describe(timezest.state, timezest.url).replace(args.token, "(the token above)"), flush=True)
    return [apptoto, timezest]


def _banner(url: str, state: SimState) -> str:
    lines = [
        f"HeavySet simulator on {url}",
        f"  S2S base:       {url}{S2S_PREFIX}",
        f"  Zapier base:    {url}{ZAPIER_PREFIX}",
        f"  Low-latency:    {url}{S2S_PREFIX}/phone/query/{state.crm_settings_id}",
        f"  crmSettingsId:  {state.crm_settings_id}",
        f"  Token (valid, x-hs-token and x-heavyset-token):\n    {state.token}",
        f"  Demo-mode token (403): {state.demo_token}",
        f"  Rate limit: {state.rate_limit or 'off'} requests per {state.rate_window_s:g} s per token",
        "  Demo phones:",
    ]
    for name, phone in DEMO_PHONES.items():
        snapshot = state.lead_snapshot(phone) or {}
        status = snapshot.get("appointment_status") or "no appointment"
        zone = snapshot.get("time_zone") or ""
        lines.append(f"    {phone}  {snapshot.get('name', ''):<16} {zone:<20} {status:<15} ({name})")
    lines.append(f"    {UNKNOWN_PHONE}  (not in the CRM: the 404 path)")
    lines.append(f"  Admin: {url}/_sim/info, /_sim/faults, /_sim/requests, /_sim/reset (loopback only)")
    lines.append("  Ctrl+C to stop.")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
