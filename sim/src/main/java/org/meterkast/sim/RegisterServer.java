package org.meterkast.sim;

import com.digitalpetri.modbus.ExceptionCode;
import com.digitalpetri.modbus.FunctionCode;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.exceptions.UnknownUnitIdException;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersResponse;
import com.digitalpetri.modbus.pdu.ReadInputRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadInputRegistersResponse;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersResponse;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterResponse;
import com.digitalpetri.modbus.server.ModbusRequestContext;
import com.digitalpetri.modbus.server.ModbusServices;
import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.server.ProcessImage;
import com.digitalpetri.modbus.server.ReadWriteModbusServices;
import com.digitalpetri.modbus.tcp.server.NettyTcpServerTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * One Modbus TCP unit over a process image of holding (and input) registers, with digitalpetri's server: the part the
 * simulator's SunSpec devices share. The device brings its registers up to date before each request and judges each
 * write before it lands (a register that is not writable, or a value out of range, is refused with the Modbus
 * exception a real device answers). Requests are handled one at a time. Other unit ids are not answered (a real
 * gateway does the same: the client times out), and neither is anything while the unit is {@linkplain #silent
 * silent}.
 */
final class RegisterServer implements AutoCloseable {
    /** What the device behind the registers does around each request. */
    interface Device {
        /** Brings the registers up to date; called before every read and write. */
        void update(ProcessImage image);

        /**
         * Refuses a write with {@link #illegalAddress} or {@link #illegalValue}, before it changes anything.
         *
         * @param values the registers written, as unsigned 16-bit values
         */
        default void check(int address, int[] values, FunctionCode function) throws ModbusResponseException {
            throw illegalAddress(function);
        }

        /** Acts on a write that landed in the image. */
        default void written(ProcessImage image, int address, int count) {
        }
    }

    private final ProcessImage image;
    private final int unitId;
    private final Device device;
    private final int port;
    private final ModbusTcpServer server;
    private volatile boolean silent;

    private RegisterServer(String bindAddress, int port, int unitId, ProcessImage image, Device device) {
        this.image = image;
        this.unitId = unitId;
        this.device = device;
        this.port = port;
        ReadWriteModbusServices store = new ReadWriteModbusServices() {
            @Override
            protected Optional<ProcessImage> getProcessImage(int unit) {
                return Optional.of(image);
            }
        };
        this.server = ModbusTcpServer.create(NettyTcpServerTransport.create(c -> {
            c.setBindAddress(bindAddress);
            c.setPort(port);
        }), new ModbusServices() {
            @Override
            public ReadHoldingRegistersResponse readHoldingRegisters(ModbusRequestContext context, int unit,
                                                                     ReadHoldingRegistersRequest request)
                    throws UnknownUnitIdException {
                answering(unit);
                synchronized (device) {
                    device.update(image);
                    return store.readHoldingRegisters(context, unit, request);
                }
            }

            @Override
            public ReadInputRegistersResponse readInputRegisters(ModbusRequestContext context, int unit,
                                                                 ReadInputRegistersRequest request)
                    throws UnknownUnitIdException {
                answering(unit);
                synchronized (device) {
                    device.update(image);
                    return store.readInputRegisters(context, unit, request);
                }
            }

            @Override
            public WriteSingleRegisterResponse writeSingleRegister(ModbusRequestContext context, int unit,
                                                                   WriteSingleRegisterRequest request)
                    throws ModbusResponseException, UnknownUnitIdException {
                answering(unit);
                synchronized (device) {
                    device.update(image);
                    device.check(request.address(), new int[] {request.value() & 0xFFFF},
                            FunctionCode.WRITE_SINGLE_REGISTER);
                    WriteSingleRegisterResponse response = store.writeSingleRegister(context, unit, request);
                    device.written(image, request.address(), 1);
                    return response;
                }
            }

            @Override
            public WriteMultipleRegistersResponse writeMultipleRegisters(ModbusRequestContext context, int unit,
                                                                         WriteMultipleRegistersRequest request)
                    throws ModbusResponseException, UnknownUnitIdException {
                answering(unit);
                byte[] bytes = request.values();
                int[] values = new int[request.quantity()];
                for (int i = 0; i < values.length && 2 * i + 1 < bytes.length; i++) {
                    values[i] = (bytes[2 * i] & 0xFF) << 8 | bytes[2 * i + 1] & 0xFF;
                }
                synchronized (device) {
                    device.update(image);
                    device.check(request.address(), values, FunctionCode.WRITE_MULTIPLE_REGISTERS);
                    WriteMultipleRegistersResponse response = store.writeMultipleRegisters(context, unit, request);
                    device.written(image, request.address(), values.length);
                    return response;
                }
            }
        });
    }

    /**
     * Starts serving {@code image} as unit {@code unitId}.
     *
     * @param port the TCP port; 0 picks a free one
     * @param what the device, for an error message
     */
    static RegisterServer start(String bindAddress, int port, int unitId, ProcessImage image, Device device,
                                String what) throws IOException {
        Objects.requireNonNull(bindAddress, "bindAddress");
        int chosen = port != 0 ? port : freePort(bindAddress);
        RegisterServer s = new RegisterServer(bindAddress, chosen, unitId, image, device);
        try {
            s.server.start();
        } catch (ExecutionException e) {
            throw new IOException("cannot serve " + what + " on " + bindAddress + ":" + chosen + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the " + what, e);
        }
        return s;
    }

    static ModbusResponseException illegalAddress(FunctionCode function) {
        return new ModbusResponseException(function, ExceptionCode.ILLEGAL_DATA_ADDRESS);
    }

    static ModbusResponseException illegalValue(FunctionCode function) {
        return new ModbusResponseException(function, ExceptionCode.ILLEGAL_DATA_VALUE);
    }

    private void answering(int unit) throws UnknownUnitIdException {
        if (unit != unitId || silent) {
            throw new UnknownUnitIdException(unit);
        }
    }

    /** The TCP port served. */
    int port() {
        return port;
    }

    /** The registers, for the device to change outside a request. */
    ProcessImage image() {
        return image;
    }

    /** While silent, the unit answers nothing (the connection stays open): a device that hangs. */
    void silent(boolean silent) {
        this.silent = silent;
    }

    private static int freePort(String bindAddress) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(bindAddress))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + bindAddress, e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (ExecutionException e) {
            // stopping a server whose socket already went: nothing left to release
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
