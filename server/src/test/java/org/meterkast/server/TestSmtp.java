package org.meterkast.server;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real SMTP server for a test class: GreenMail on a free port of 127.0.0.1, started once before the class's tests
 * (its {@code @Nested} classes' too) and stopped after them. A test class holds it in a static
 * {@code @RegisterExtension} field and points the application's mail at it with {@link #mail}; the mails sent are
 * read with GreenMail's own methods ({@code waitForIncomingEmail}, {@code getReceivedMessages}, ...).
 */
public final class TestSmtp extends GreenMailExtension {
    private final int port;
    /** The test class it was started for: a nested class's callbacks leave it running. */
    private Class<?> startedFor;

    public TestSmtp() {
        this(freePort());
    }

    private TestSmtp(int port) {
        super(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        this.port = port;
        withPerMethodLifecycle(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (startedFor == null) {
            startedFor = context.getRequiredTestClass();
            super.beforeAll(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass() == startedFor) {
            super.afterAll(context);
            startedFor = null;
        }
    }

    /** The application sends its mail here: {@code spring.mail.host} and {@code spring.mail.port}. */
    public void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> port);
    }

    /** The same, and the links in its mails begin with {@code publicUrl} ({@code meterkast.public-url}). */
    public void mail(DynamicPropertyRegistry registry, String publicUrl) {
        mail(registry);
        registry.add("meterkast.public-url", () -> publicUrl);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
