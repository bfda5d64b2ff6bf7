-- A payroll moves every benefit's covered_through once a month. With room left on each page the
-- update stays on its page (a HOT update: no index entry written for the column no index holds), a
-- fifth of the cost of rewriting every index of a full page's rows. Pages written from now on keep
-- half free; a table already full gains it at its next VACUUM FULL (the README's operations note).
ALTER TABLE "benefits" SET (fillfactor = 50);
