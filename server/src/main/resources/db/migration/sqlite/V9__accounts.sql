-- Accounts: who logs in, the addresses (locations) each one has, the devices installed there, API tokens for
-- devices and integrations, one-time password-reset links, and the identities of Google, Apple or Facebook logins.
-- A location holds exactly one meter (its quarters, tariffs, prepaid terms are the meter's), so "may this account
-- see meter X" is one indexed lookup.
CREATE TABLE account (
    id                 INTEGER PRIMARY KEY,
    email              TEXT    NOT NULL UNIQUE CHECK (email = lower(email)),
    password_hash      TEXT,
    name               TEXT    NOT NULL,
    language           TEXT    NOT NULL CHECK (language IN ('nl', 'fr', 'en')),
    created_epoch      INTEGER  NOT NULL
);

CREATE TABLE account_identity (
    provider    TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    account_id  INTEGER NOT NULL REFERENCES account (id),
    PRIMARY KEY (provider, subject)
);

CREATE TABLE api_token (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES account (id),
    name           TEXT    NOT NULL,
    token_sha256   TEXT    NOT NULL UNIQUE,
    created_epoch  INTEGER  NOT NULL,
    last_used_epoch INTEGER,
    revoked_epoch  INTEGER
);

CREATE TABLE password_reset (
    token_sha256   TEXT    PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES account (id),
    expires_epoch  INTEGER  NOT NULL,
    used_epoch     INTEGER
);

CREATE TABLE location (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES account (id),
    meter_id         INTEGER NOT NULL UNIQUE REFERENCES meter (id),
    name             TEXT    NOT NULL,
    street           TEXT    NOT NULL DEFAULT '',
    postal_code      TEXT    NOT NULL DEFAULT '',
    city             TEXT    NOT NULL DEFAULT '',
    ean_electricity  TEXT,
    ean_gas          TEXT,
    created_epoch    INTEGER  NOT NULL
);
CREATE INDEX location_account ON location (account_id);

CREATE TABLE device (
    id            INTEGER PRIMARY KEY,
    location_id   INTEGER NOT NULL REFERENCES location (id),
    kind          TEXT    NOT NULL CHECK (kind IN ('p1_reader', 'digital_meter', 'gas_meter', 'water_meter', 'inverter',
                                                   'battery', 'heat_battery', 'ev_charger')),
    label         TEXT    NOT NULL DEFAULT '',
    serial        TEXT,
    ean           TEXT,
    active_since  TEXT    NOT NULL CHECK (length(active_since) = 10)
);
CREATE INDEX device_location ON device (location_id);

-- Spring Session's own tables (its schema for this database), so a browser session survives a restart and any
-- node of a cluster serves it.
CREATE TABLE SPRING_SESSION (
	PRIMARY_ID CHARACTER(36) NOT NULL,
	SESSION_ID CHARACTER(36) NOT NULL,
	CREATION_TIME INTEGER NOT NULL,
	LAST_ACCESS_TIME INTEGER NOT NULL,
	MAX_INACTIVE_INTERVAL INTEGER NOT NULL,
	EXPIRY_TIME INTEGER NOT NULL,
	PRINCIPAL_NAME VARCHAR(100),
	CONSTRAINT SPRING_SESSION_PK PRIMARY KEY (PRIMARY_ID)
);

CREATE UNIQUE INDEX SPRING_SESSION_IX1 ON SPRING_SESSION (SESSION_ID);
CREATE INDEX SPRING_SESSION_IX2 ON SPRING_SESSION (EXPIRY_TIME);
CREATE INDEX SPRING_SESSION_IX3 ON SPRING_SESSION (PRINCIPAL_NAME);

CREATE TABLE SPRING_SESSION_ATTRIBUTES (
	SESSION_PRIMARY_ID CHAR(36) NOT NULL,
	ATTRIBUTE_NAME VARCHAR(200) NOT NULL,
	ATTRIBUTE_BYTES BLOB NOT NULL,
	CONSTRAINT SPRING_SESSION_ATTRIBUTES_PK PRIMARY KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME),
	CONSTRAINT SPRING_SESSION_ATTRIBUTES_FK FOREIGN KEY (SESSION_PRIMARY_ID) REFERENCES SPRING_SESSION(PRIMARY_ID) ON DELETE CASCADE
);
