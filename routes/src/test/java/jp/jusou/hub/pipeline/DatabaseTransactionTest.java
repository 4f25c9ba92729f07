package jp.jusou.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Route steps in one database transaction, called as the pipeline calls OutcomeRoutes: from a route
 * whose onException handles the failure, into a route of another RouteBuilder without an error
 * handler. Either every step's write commits, or none does and the caller's handler runs once, after
 * the rollback. A bare H2 database and a plain CamelContext; no hub.
 */
class DatabaseTransactionTest {

    static final String RECORD = "direct:record";

    JdbcTemplate jdbc;
    CamelContext camel;
    /** What the caller's onException saw when it ran: rows written, and whether a transaction was still open. */
    final List<String> handled = new ArrayList<>();
    volatile boolean failSecondStep;

    @BeforeEach
    void start() throws Exception {
        DataSource db = new DriverManagerDataSource("jdbc:h2:mem:tx-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        jdbc = new JdbcTemplate(db);
        jdbc.execute("CREATE TABLE step (name VARCHAR(20))");
        DatabaseTransaction transaction = new DatabaseTransaction(new DataSourceTransactionManager(db));
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(IllegalStateException.class).handled(true).process(e -> handled.add(rows() + " rows, transaction "
                        + (TransactionSynchronizationManager.isActualTransactionActive() ? "open" : "closed")));
                from("direct:caller").to(RECORD).id("record").process(e -> e.getIn().setBody("after"));
            }
        });
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from(RECORD)
                        .policy(transaction)
                            .process(e -> jdbc.update("INSERT INTO step VALUES ('first')")).id("first")
                            .process(this::second).id("second")
                            .process(e -> jdbc.update("INSERT INTO step VALUES ('third')")).id("third")
                        .end();
            }

            private void second(Exchange exchange) {
                jdbc.update("INSERT INTO step VALUES ('second')");
                if (failSecondStep) {
                    throw new IllegalStateException("injected");
                }
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    int rows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM step", Integer.class);
    }

    @Test
    void everyStepsWriteCommitsTogether() {
        Exchange done = camel.createProducerTemplate().request("direct:caller", e -> e.getIn().setBody("before"));
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(String.class)).isEqualTo("after");
        assertThat(jdbc.queryForList("SELECT name FROM step", String.class)).containsExactly("first", "second", "third");
        assertThat(handled).isEmpty();
        assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isFalse();
    }

    @Test
    void aFailingStepRollsBackTheStepsBeforeItAndTheCallerHandlesItOnceAfterTheRollback() {
        failSecondStep = true;
        Exchange done = camel.createProducerTemplate().request("direct:caller", e -> e.getIn().setBody("before"));
        assertThat(rows()).as("the first step's write was rolled back, the third never ran").isZero();
        assertThat(handled).containsExactly("0 rows, transaction closed");
        assertThat(done.getException()).as("handled by the caller").isNull();
        assertThat(done.getMessage().getBody(String.class)).as("the caller's route stopped at the failure").isEqualTo("before");
    }

    @Test
    void anUnhandledFailureReachesTheCallerAfterTheRollback() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:unhandled").to(RECORD);
            }
        });
        failSecondStep = true;
        Exchange done = camel.createProducerTemplate().request("direct:unhandled", e -> e.getIn().setBody("before"));
        assertThat(done.getException()).isInstanceOf(IllegalStateException.class).hasMessage("injected");
        assertThat(rows()).isZero();
        failSecondStep = false;
        camel.createProducerTemplate().request("direct:unhandled", e -> e.getIn().setBody("again"));
        assertThat(rows()).as("the next exchange on the same thread starts a transaction of its own").isEqualTo(3);
    }
}
