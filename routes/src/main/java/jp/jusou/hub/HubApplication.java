package jp.jusou.hub;

import jp.jusou.hub.platform.StopSignals;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** 重層 Hub: connectors bring messages in, schemas define them, routes carry them through. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class HubApplication {

    public static void main(String[] args) {
        StopSignals.install(SpringApplication.run(HubApplication.class, args));
    }
}
