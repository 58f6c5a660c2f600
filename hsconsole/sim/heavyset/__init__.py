"""The HeavySet simulator (S2S and Zapier on one origin): records, state, HTTP routes and its server."""
