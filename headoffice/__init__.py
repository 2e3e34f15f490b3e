"""Head office: the chain's shared members, ledgers and rules, and the sync API that the
stores' terminals push their events to and pull their changes from."""
