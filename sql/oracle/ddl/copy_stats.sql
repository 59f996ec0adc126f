BEGIN DBMS_STATS.COPY_TABLE_STATS(ownname => {{ owner }}, tabname => {{ table }}, srcpartname => {{ source }}, dstpartname => {{ partition }}); END;
