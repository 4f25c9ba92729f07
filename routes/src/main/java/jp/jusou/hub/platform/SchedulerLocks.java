package jp.jusou.hub.platform;

import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Several hub instances on one database: a scheduled job that does hub-wide work carries
 * {@code @SchedulerLock} and runs on one instance at a time (ShedLock, table {@code shedlock}). The
 * lock is timed by the database, because the instances' clocks may disagree; an instance that dies
 * holding it leaves it for at most the job's {@code lockAtMostFor}, then another instance takes over.
 * Jobs that act on this instance only (its own routes, gauges, exchange files) carry no lock.
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
class SchedulerLocks {

    @Bean
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource)).usingDbTime().build());
    }
}
