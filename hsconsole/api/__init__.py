"""Wire models and typed async clients for the HeavySet APIs."""
