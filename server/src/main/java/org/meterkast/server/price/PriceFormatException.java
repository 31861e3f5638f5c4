package org.meterkast.server.price;

/** A price document that cannot be read: the message names the document, where, and what is wrong. */
class PriceFormatException extends RuntimeException {
    PriceFormatException(String message) {
        super(message);
    }

    PriceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
