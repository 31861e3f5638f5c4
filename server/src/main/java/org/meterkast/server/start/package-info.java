/**
 * The web app's first question, {@code GET /api/start}: the session, the addresses and the dashboard's first figures
 * in one answer, each made by its own feature's controller. It depends on those features; none depends on it.
 */
package org.meterkast.server.start;
