"""HeavySet's S2S and Zapier APIs: their wire models, endpoints and clients."""
