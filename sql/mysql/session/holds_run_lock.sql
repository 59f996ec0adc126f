-- Does this session still hold the run lock (GET_LOCK(key))? RELEASE_ALL_LOCKS() would have freed it.
SELECT IS_USED_LOCK(?) = CONNECTION_ID() AS held
