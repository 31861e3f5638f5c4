package org.meterkast.server.device;

import java.util.List;
import org.meterkast.energy.device.DeviceException;

/**
 * A device's settings break what its adapter type declares ({@link DeviceSetting}): the message names the setting
 * in English for the log and a start that stops, and {@link #code()} with {@link #arguments()} word it in the
 * user's language ({@code device.setting.<code>} in the server's messages).
 */
public class DeviceSettingException extends DeviceException {
    private final String setting;
    private final String code;
    private final List<String> arguments;

    DeviceSettingException(String message, String setting, String code, String... arguments) {
        super(message);
        this.setting = setting;
        this.code = code;
        this.arguments = List.of(arguments);
    }

    /** The setting at fault ({@code type} for the adapter type itself). */
    public String setting() {
        return setting;
    }

    /** The message's key: {@code device.setting.required}, {@code device.type.unknown}… */
    public String code() {
        return code;
    }

    /** The figures and names the message fills in, in order. */
    public List<String> arguments() {
        return arguments;
    }
}
