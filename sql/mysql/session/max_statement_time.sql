SET SESSION max_statement_time = {{ seconds }}
