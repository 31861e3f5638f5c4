-- A fleet's assignment file names each address by its electricity EAN: finding the address that has an EAN already
-- (one connection, one address) is then one indexed lookup per line, not a scan of every address.
CREATE INDEX location_ean_electricity ON location (ean_electricity);
