package org.meterkast.server.fleet;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input is buffered. The Paho client reads each packet's fixed header a byte at a time from
 * its socket's stream, one system call per byte on a bare socket; through a buffer a read call takes whatever the
 * kernel holds. The client's backpressure is unchanged: it still reads nothing while its delivery thread is busy, and
 * the buffer holds at most {@link #BUFFER} bytes. Only for {@code tcp://}: a TLS socket buffers its records itself.
 */
final class BufferedSocketFactory extends SocketFactory {
    static final int BUFFER = 64 * 1024;

    @Override
    public Socket createSocket() {
        return new BufferedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return open(null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return open(new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return open(null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return open(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
    }

    private static Socket open(SocketAddress local, SocketAddress remote) throws IOException {
        Socket s = new BufferedSocket();
        if (local != null) {
            s.bind(local);
        }
        s.connect(remote);
        return s;
    }

    private static final class BufferedSocket extends Socket {
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new BufferedInputStream(super.getInputStream(), BUFFER);
            }
            return in;
        }
    }
}
