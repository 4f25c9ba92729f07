package jp.jusou.hub.platform;

import java.time.Clock;
import java.time.ZoneId;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The hub's clock (Japan time), one bean so that deadlines can be tested with a clock the test controls. */
@Configuration(proxyBeanMethods = false)
public class Clocks {

    @Bean
    Clock clock() {
        return Clock.system(ZoneId.of("Asia/Tokyo"));
    }
}
