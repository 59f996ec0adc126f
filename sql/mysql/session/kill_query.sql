KILL QUERY {{ id }}
