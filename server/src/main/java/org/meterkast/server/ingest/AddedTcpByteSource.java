package org.meterkast.server.ingest;

import java.io.IOException;
import java.io.InputStream;
import org.meterkast.p1.stream.ByteSource;
import org.meterkast.p1.stream.TcpByteSource;

/**
 * A dongle given in the app: at every (re)connect its host is resolved and checked again, and the connection goes
 * to the address checked, so a name that later resolves elsewhere (DNS rebinding) reaches nothing it may not.
 */
final class AddedTcpByteSource implements ByteSource {
    private final TcpByteSource typed;
    private final AddedSourceNetworks networks;

    AddedTcpByteSource(TcpByteSource typed, AddedSourceNetworks networks) {
        this.typed = typed;
        this.networks = networks;
    }

    @Override
    public String describe() {
        return typed.describe();
    }

    @Override
    public InputStream open() throws IOException {
        String address = networks.check(typed.host()).getHostAddress();
        return new TcpByteSource(address, typed.port(), typed.connectTimeout(), typed.readTimeout()).open();
    }

    @Override
    public boolean isFinite() {
        return false;
    }
}
