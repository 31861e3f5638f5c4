package org.meterkast.server.ev;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One OCPP-J frame: a JSON array whose first element says what it is. {@code [2, id, action, payload]} is a call,
 * {@code [3, id, payload]} its result, {@code [4, id, code, description, details]} its error.
 */
sealed interface OcppFrame {
    int CALL = 2;
    int CALL_RESULT = 3;
    int CALL_ERROR = 4;
    /** the longest unique id the standard allows */
    int MAX_ID_LENGTH = 36;

    /** The id that pairs a call with its answer. */
    String uniqueId();

    /** A request, from either side. */
    record Call(String uniqueId, String action, JsonNode payload) implements OcppFrame {
    }

    /** The answer to a call. */
    record CallResult(String uniqueId, JsonNode payload) implements OcppFrame {
    }

    /** A call refused. */
    record CallError(String uniqueId, String code, String description) implements OcppFrame {
    }

    /**
     * Reads a frame. A text that is not JSON, not an array of the right shape, or whose payload is not an object is
     * refused with FormationViolation; {@link ParseFailure#uniqueId()} is the frame's id when it could be read, so
     * the refusal can answer that call.
     */
    static OcppFrame parse(String text, JsonMapper json) throws ParseFailure {
        JsonNode tree;
        try {
            tree = json.readTree(text);
        } catch (JacksonException e) {
            throw new ParseFailure(null, "not JSON: " + excerpt(text));
        }
        if (tree == null || !tree.isArray()) {
            throw new ParseFailure(null, "not a JSON array: " + excerpt(text));
        }
        if (tree.size() < 3 || !tree.get(0).isIntegralNumber()) {
            throw new ParseFailure(null, "not an OCPP-J frame (a message type number first, then at least an id "
                    + "and a payload): " + excerpt(text));
        }
        String id = tree.get(1).isString() ? tree.get(1).stringValue() : null;
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new ParseFailure(null, "the unique id (second element) must be a string of 1 to " + MAX_ID_LENGTH
                    + " characters: " + excerpt(text));
        }
        int type = tree.get(0).intValue();
        switch (type) {
            case CALL -> {
                if (tree.size() != 4 || !tree.get(2).isString() || !tree.get(3).isObject()) {
                    throw new ParseFailure(id, "a call is [2, id, action, {payload}]: " + excerpt(text));
                }
                return new Call(id, tree.get(2).stringValue(), tree.get(3));
            }
            case CALL_RESULT -> {
                if (tree.size() != 3 || !tree.get(2).isObject()) {
                    throw new ParseFailure(id, "a call result is [3, id, {payload}]: " + excerpt(text));
                }
                return new CallResult(id, tree.get(2));
            }
            case CALL_ERROR -> {
                if (tree.size() < 4 || !tree.get(2).isString()) {
                    throw new ParseFailure(id, "a call error is [4, id, code, description, {details}]: "
                            + excerpt(text));
                }
                return new CallError(id, tree.get(2).stringValue(), tree.get(3).asString());
            }
            default -> throw new ParseFailure(id, "message type " + type + " is not 2 (call), 3 (result) or "
                    + "4 (error): " + excerpt(text));
        }
    }

    /** The text of a call. */
    static String call(JsonMapper json, String uniqueId, String action, JsonNode payload) {
        ArrayNode frame = json.createArrayNode();
        frame.add(CALL).add(uniqueId).add(action).add(payload);
        return frame.toString();
    }

    /** The text of a call's result. */
    static String result(JsonMapper json, String uniqueId, JsonNode payload) {
        ArrayNode frame = json.createArrayNode();
        frame.add(CALL_RESULT).add(uniqueId).add(payload);
        return frame.toString();
    }

    /** The text of a call's refusal. */
    static String error(JsonMapper json, String uniqueId, OcppError error, String description) {
        ArrayNode frame = json.createArrayNode();
        ObjectNode details = json.createObjectNode();
        frame.add(CALL_ERROR).add(uniqueId).add(error.wire()).add(description).add(details);
        return frame.toString();
    }

    /** The start of a text, for a message: at most 120 characters. */
    static String excerpt(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return "'" + (oneLine.length() > 120 ? oneLine.substring(0, 120) + "…" : oneLine) + "'";
    }

    /** A frame that could not be read; {@code uniqueId} is null when not even its id could be. */
    final class ParseFailure extends Exception {
        private final String uniqueId;

        ParseFailure(String uniqueId, String description) {
            super(description);
            this.uniqueId = uniqueId;
        }

        String uniqueId() {
            return uniqueId;
        }
    }
}
