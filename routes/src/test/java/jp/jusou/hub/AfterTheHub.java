package jp.jusou.hub;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test class's hub depends on and must outlive it (a shared PostgreSQL, a broker process) is
 * closed here, after the test framework has closed the hub's context. Declared before
 * {@code @SpringBootTest} ({@link HubTestSupport}, and tests of their own such as ExternalBrokerTest), so
 * JUnit runs this callback after the SpringExtension's (which closes the context, @DirtiesContext); an
 * {@code @AfterAll} method runs before it: a hub whose database had gone spent up to 30 s of its shutdown
 * in scheduled jobs waiting for a connection, one whose broker had gone 90 s in shutdown phases.
 */
public final class AfterTheHub implements AfterAllCallback {

    private static final Map<Class<?>, Deque<AutoCloseable>> LATER = new ConcurrentHashMap<>();

    /** Closes {@code resource} once {@code testClass}'s hub is closed (the last registered first); returns it. */
    public static <T extends AutoCloseable> T closeAfter(Class<?> testClass, T resource) {
        LATER.computeIfAbsent(testClass, k -> new ArrayDeque<>()).push(resource);
        return resource;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Deque<AutoCloseable> resources = LATER.remove(context.getRequiredTestClass());
        Exception first = null;
        while (resources != null && !resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
