-- Each day's capacity peak beside its sums: the most offtake of one of its quarters (Wh) and that quarter's start,
-- kept with the sums in the same transaction. A month's peak is then the highest of its days' (about 30 rows) rather
-- than a sort of its 2,976 quarters. Rows made before this have null here and are filled at the next start.
ALTER TABLE day_total ADD COLUMN peak_import_wh BIGINT;
ALTER TABLE day_total ADD COLUMN peak_epoch BIGINT;
