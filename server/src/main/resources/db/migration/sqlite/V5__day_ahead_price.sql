-- Day-ahead prices of a bidding zone (zone: its EIC code, e.g. 10YBE----------2), per quarter hour and per hour as
-- published (resolution_s 900 or 3600), keyed by the interval's start. The price is exact: micro-euros per MWh, so
-- -5.01 €/MWh is -5010000. A later publication of the same interval replaces the price, its source and fetched_epoch.
CREATE TABLE day_ahead_price (
    zone            TEXT NOT NULL,
    resolution_s    INTEGER NOT NULL,
    start_epoch     INTEGER NOT NULL,
    price_micro_eur INTEGER NOT NULL,
    source          TEXT NOT NULL,
    fetched_epoch   INTEGER NOT NULL,
    PRIMARY KEY (zone, resolution_s, start_epoch)
) WITHOUT ROWID;
