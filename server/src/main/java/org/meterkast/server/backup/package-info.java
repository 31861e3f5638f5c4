/**
 * Backup and restore of a whole installation (docs/BACKUP.md): a consistent copy of the SQLite database taken while
 * the server runs, with the settings files beside it, as one zip; and its restore onto a fresh install.
 */
package org.meterkast.server.backup;
