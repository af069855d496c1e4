"""The synthetic demo trust (``wres demo``); outside the runtime path: nothing else in wreslib imports it."""
