-- Administrators are explicit: the first account a person registered on a fresh install is one (administrator),
-- an account named in meterkast.accounts.administrators is one once its e-mail is proven (email_verified: a provider
-- that verified it, a completed password reset or a verification link). At most one account is "the first".
ALTER TABLE account ADD COLUMN administrator BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE account ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT FALSE;
CREATE UNIQUE INDEX account_first_administrator ON account (administrator) WHERE administrator;

-- A mailed link that proves an account's e-mail address; it proves only the address it was sent to.
CREATE TABLE email_verification (
    token_sha256   TEXT    PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES account (id),
    email          TEXT    NOT NULL,
    expires_epoch  BIGINT  NOT NULL,
    used_epoch     BIGINT
);

-- Single-use codes an administrator hands out when registration is by invitation; stored as their SHA-256.
CREATE TABLE invitation (
    code_sha256    TEXT    PRIMARY KEY,
    created_by     INTEGER NOT NULL REFERENCES account (id),
    created_epoch  BIGINT  NOT NULL,
    expires_epoch  BIGINT  NOT NULL,
    used_epoch     BIGINT,
    used_by        INTEGER REFERENCES account (id)
);
