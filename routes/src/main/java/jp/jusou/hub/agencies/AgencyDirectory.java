package jp.jusou.hub.agencies;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The agencies whose connectors are deployed, as this hub instance currently runs them. The
 * connector runtime replaces the set on every deploy, update and undeploy; the broker security, the
 * logins and the queue gauges follow through {@link #subscribe}.
 */
@Component
public class AgencyDirectory {

    private volatile Map<String, Agency> agencies = Map.of();
    private final List<Consumer<Collection<Agency>>> subscribers = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> retiring = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Optional<Agency> find(String id) {
        return Optional.ofNullable(id == null ? null : agencies.get(id));
    }

    /** Whether the agency may log in (false while its connector is being undeployed and drains). */
    public boolean acceptsLogin(String id) {
        return isKnown(id) && !retiring.contains(id);
    }

    public boolean isKnown(String id) {
        return id != null && agencies.containsKey(id);
    }

    public Collection<Agency> all() {
        return agencies.values();
    }

    /** Called with the current agencies now and after every change (synchronously, in order). */
    public void subscribe(Consumer<Collection<Agency>> subscriber) {
        subscribers.add(subscriber);
        subscriber.accept(all());
    }

    /** Marks an agency as draining (connectors only: its connector is being undeployed). */
    public void retire(String id, boolean retire) {
        if (retire) {
            retiring.add(id);
        } else {
            retiring.remove(id);
        }
    }

    /** Replaces the set of agencies (connector runtime only). */
    public synchronized void replace(Map<String, Agency> next) {
        retiring.retainAll(next.keySet());
        this.agencies = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(next));
        for (Consumer<Collection<Agency>> subscriber : subscribers) {
            subscriber.accept(all());
        }
    }
}
