package org.meterkast.server.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The adapters of devices entered in the app (V16): the type and its settings, secrets as hashes. */
@Repository
class AdapterRepository {
    private static final TypeReference<LinkedHashMap<String, String>> VALUES = new TypeReference<>() {
    };

    /**
     * A device entered in the app with its adapter.
     *
     * @param deviceId   the device's id, also its name within its address
     * @param locationId its address
     * @param meter      the address's meter
     * @param kind       the device table's kind ({@code ev_charger}, {@code inverter}, …)
     * @param type       the adapter type
     * @param values     the type's settings, secrets as hashes
     */
    record Row(long deviceId, long locationId, String meter, String kind, String type, Map<String, String> values) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AdapterRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private static final String SELECT = """
            SELECT d.id, d.location_id, m.name, d.kind, d.adapter_type, d.adapter_settings
            FROM device d JOIN location l ON l.id = d.location_id JOIN meter m ON m.id = l.meter_id""";

    /** Every device with an adapter, by address and id. */
    List<Row> all() {
        return jdbc.sql(SELECT + " WHERE d.adapter_type IS NOT NULL ORDER BY d.location_id, d.id")
                .query((rs, n) -> row(rs)).list();
    }

    /** The devices of one address with an adapter. */
    List<Row> of(long locationId) {
        return jdbc.sql(SELECT + " WHERE d.adapter_type IS NOT NULL AND d.location_id = ? ORDER BY d.id")
                .param(locationId).query((rs, n) -> row(rs)).list();
    }

    /** The device of this address, with or without an adapter (then type null). */
    Optional<Row> find(long locationId, long deviceId) {
        return jdbc.sql(SELECT + " WHERE d.location_id = ? AND d.id = ?").params(locationId, deviceId)
                .query((rs, n) -> row(rs)).optional();
    }

    void save(long locationId, long deviceId, String type, Map<String, String> values) {
        jdbc.sql("UPDATE device SET adapter_type = ?, adapter_settings = ? WHERE location_id = ? AND id = ?")
                .params(type, json.writeValueAsString(values), locationId, deviceId).update();
    }

    void clear(long locationId, long deviceId) {
        jdbc.sql("UPDATE device SET adapter_type = NULL, adapter_settings = NULL WHERE location_id = ? AND id = ?")
                .params(locationId, deviceId).update();
    }

    /** The address showing this meter, if any. */
    Optional<Long> locationOf(String meter) {
        return jdbc.sql("SELECT l.id FROM location l JOIN meter m ON m.id = l.meter_id WHERE m.name = ?")
                .param(meter).query(Long.class).optional();
    }

    private Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        String settings = rs.getString(6);
        Map<String, String> values = settings == null ? Map.of() : json.readValue(settings, VALUES);
        return new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), values);
    }
}
