-- System privileges this session has (directly or through roles).
SELECT PRIVILEGE AS privilege FROM SESSION_PRIVS
