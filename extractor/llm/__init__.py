"""The model side: the client (client.py), the instructor/SDK workarounds (glue.py), the embedded model (embedded.py)."""
