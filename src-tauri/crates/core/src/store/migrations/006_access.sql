-- Access (issue 15): each person gets what they may do, apart from their position. The first
-- person, who made the store, is an admin; leaders lead; everyone else assists.
UPDATE people SET data = json_set(data, '$.access',
    CASE
        WHEN id = (SELECT id FROM people ORDER BY created_at, id LIMIT 1) THEN 'admin'
        WHEN data ->> 'role' IN ('secretary', 'president', 'leader') THEN 'leader'
        ELSE 'assistant'
    END)
WHERE data ->> 'access' IS NULL;
