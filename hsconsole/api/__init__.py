"""Wire models and typed async clients for HeavySet, Apptoto and TimeZest (one package each), on one shared
transport."""
