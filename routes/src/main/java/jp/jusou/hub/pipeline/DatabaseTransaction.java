package jp.jusou.hub.pipeline;

import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A block of route steps in one database transaction ({@code .policy(transaction) ... .end()}): their
 * writes commit together when the block ends without a failure, or are all rolled back. A failure is
 * left on the exchange, after the rollback, for the route's error handling, as a {@code @Transactional}
 * method's exception would be. The steps run on the calling thread (the transaction is bound to it),
 * as the pipeline's synchronous processors do.
 */
@Component
class DatabaseTransaction implements Policy {

    private final TransactionTemplate transactions;

    DatabaseTransaction(PlatformTransactionManager transactions) {
        this.transactions = new TransactionTemplate(transactions);
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare
    }

    @Override
    public Processor wrap(Route route, Processor steps) {
        return exchange -> transactions.executeWithoutResult(status -> {
            try {
                steps.process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                status.setRollbackOnly();
            }
        });
    }
}
