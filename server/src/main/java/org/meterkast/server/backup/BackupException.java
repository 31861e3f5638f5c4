package org.meterkast.server.backup;

/** A backup that cannot be taken or restored, with the reason in words a person acts on. */
public class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }
}
