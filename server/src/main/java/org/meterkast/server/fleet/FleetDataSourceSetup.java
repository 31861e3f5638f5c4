package org.meterkast.server.fleet;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * In fleet mode on PostgreSQL, the driver sends a batch of inserts as multi-row statements
 * ({@code reWriteBatchedInserts}): every node writes the status of thousands of meters and their boundary readings in
 * batches, and one round trip per row would be most of their cost. A value given in the URL or in
 * {@code spring.datasource.hikari.data-source-properties} is left as it is.
 */
@Component
@ConditionalOnProperty(name = "meterkast.fleet.enabled", havingValue = "true")
class FleetDataSourceSetup implements BeanPostProcessor {
    static final String REWRITE = "reWriteBatchedInserts";

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null
                && hikari.getJdbcUrl().startsWith("jdbc:postgresql:") && !hikari.getJdbcUrl().contains(REWRITE)
                && !hikari.getDataSourceProperties().containsKey(REWRITE)) {
            hikari.addDataSourceProperty(REWRITE, "true");
        }
        return bean;
    }
}
