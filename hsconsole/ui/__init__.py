"""Qt widgets and view models; they reach the network only through services."""
