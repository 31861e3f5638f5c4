package org.meterkast.p1.stream;

/** Sees every byte a decoder is fed, before framing: for a capture of what a meter really sent. */
@FunctionalInterface
public interface ByteTap {
    /** Called on the feeding thread; must not keep {@code bytes}, which the caller reuses. */
    void bytes(byte[] bytes, int offset, int length);
}
