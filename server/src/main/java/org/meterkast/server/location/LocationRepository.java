package org.meterkast.server.location;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.meterkast.server.store.KeyedRows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Addresses and their devices (V9); every read is by account, so one account never reaches another's rows. */
@Repository
public class LocationRepository {
    private static final String COLUMNS = """
            SELECT l.id, l.name, l.street, l.postal_code, l.city, m.name AS meter, l.ean_electricity, l.ean_gas
            FROM location l JOIN meter m ON m.id = l.meter_id""";

    private final JdbcClient jdbc;
    private final KeyedRows keyedRows;

    LocationRepository(JdbcClient jdbc, KeyedRows keyedRows) {
        this.jdbc = jdbc;
        this.keyedRows = keyedRows;
    }

    long insert(long accountId, int meterId, LocationForm form, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO location (account_id, meter_id, name, street, postal_code, city, ean_electricity,
                                              ean_gas, created_epoch)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(accountId, meterId, form.name(), form.street(), form.postalCode(), form.city(),
                        form.eanElectricity(), form.eanGas(), now.getEpochSecond())
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    void update(long accountId, long id, LocationForm form) {
        jdbc.sql("""
                        UPDATE location SET name = ?, street = ?, postal_code = ?, city = ?, ean_electricity = ?, ean_gas = ?
                        WHERE id = ? AND account_id = ?""")
                .params(form.name(), form.street(), form.postalCode(), form.city(), form.eanElectricity(),
                        form.eanGas(), id, accountId)
                .update();
    }

    public List<Location> ofAccount(long accountId) {
        return jdbc.sql(COLUMNS + " WHERE l.account_id = ? ORDER BY l.id").param(accountId)
                .query(LocationRepository::location).list();
    }

    /** How many of the account's addresses are read from a source given in the app. */
    public int addedSources(long accountId) {
        return jdbc.sql("""
                        SELECT count(*) FROM location l JOIN meter_source s ON s.meter_id = l.meter_id
                        WHERE l.account_id = ?""").param(accountId).query(Integer.class).single();
    }

    public Optional<Location> find(long accountId, long id) {
        return jdbc.sql(COLUMNS + " WHERE l.account_id = ? AND l.id = ?").params(accountId, id)
                .query(LocationRepository::location).optional();
    }

    /** Whether the account has an address showing this meter. */
    public boolean holdsMeter(long accountId, String meter) {
        return jdbc.sql("""
                        SELECT count(*) FROM location l JOIN meter m ON m.id = l.meter_id
                        WHERE l.account_id = ? AND m.name = ?""")
                .params(accountId, meter).query(Integer.class).single() > 0;
    }

    /** The meters some address shows, by name. */
    Set<String> heldMeters() {
        return new TreeSet<>(jdbc.sql("SELECT m.name FROM location l JOIN meter m ON m.id = l.meter_id")
                .query(String.class).list());
    }

    /** The EAN the address showing this meter has for electricity or gas, if any. */
    public Optional<String> ean(String meter, boolean gas) {
        return jdbc.sql("SELECT " + (gas ? "l.ean_gas" : "l.ean_electricity")
                        + " FROM location l JOIN meter m ON m.id = l.meter_id WHERE m.name = ?")
                .param(meter).query(String.class).optional();
    }

    List<Device> devices(long locationId) {
        return jdbc.sql("SELECT id, kind, label, serial, ean, active_since FROM device WHERE location_id = ? ORDER BY id")
                .param(locationId)
                .query((rs, n) -> new Device(rs.getLong(1), Device.Kind.of(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), LocalDate.parse(rs.getString(6))))
                .list();
    }

    long insertDevice(long locationId, Device device) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO device (location_id, kind, label, serial, ean, active_since) VALUES (?, ?, ?, ?, ?, ?)")
                .params(locationId, device.kind().column(), device.label(), device.serial(), device.ean(),
                        device.activeSince().toString())
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    boolean deleteDevice(long locationId, long deviceId) {
        return jdbc.sql("DELETE FROM device WHERE id = ? AND location_id = ?").params(deviceId, locationId).update() == 1;
    }

    /**
     * Removes the account's address with every row kept for it (its devices, its chargers' preferences); false when
     * the account has no such address.
     */
    boolean delete(long accountId, long id) {
        if (find(accountId, id).isEmpty()) {
            return false;
        }
        deleteRowsOf(id);
        return jdbc.sql("DELETE FROM location WHERE id = ? AND account_id = ?").params(id, accountId).update() == 1;
    }

    /** Deletes the rows of every table keyed by this address, so that the address itself can go. */
    void deleteRowsOf(long locationId) {
        // the device table goes last: other tables may refer to its rows
        keyedRows.delete("location_id", locationId, Set.of("device"));
        jdbc.sql("DELETE FROM device WHERE location_id = ?").param(locationId).update();
    }

    /** How many addresses (of any account) show this meter. */
    int showing(String meter) {
        return jdbc.sql("SELECT count(*) FROM location l JOIN meter m ON m.id = l.meter_id WHERE m.name = ?")
                .param(meter).query(Integer.class).single();
    }

    /** Removes the meter's own row, once every row keyed by it is gone. */
    void deleteMeter(int meterId) {
        jdbc.sql("DELETE FROM meter WHERE id = ?").param(meterId).update();
    }

    private static Location location(ResultSet rs, int row) throws SQLException {
        return new Location(rs.getLong("id"), rs.getString("name"), rs.getString("street"), rs.getString("postal_code"),
                rs.getString("city"), rs.getString("meter"), rs.getString("ean_electricity"), rs.getString("ean_gas"));
    }
}
