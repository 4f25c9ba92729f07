package jp.jusou.hub.platform;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hub's own JSON mapper for messages, reports and stored bodies: Jackson 2, because the schema
 * validator (networknt 1.x) works on Jackson 2 trees. Spring Boot 4 auto-configures Jackson 3 beside
 * it for the HTTP layer and the actuator; controllers therefore take records or text, never a Jackson 2
 * tree, and answer with records, maps or JSON text written by this mapper.
 */
@Configuration(proxyBeanMethods = false)
public class Json {

    @Bean
    ObjectMapper messageJson() {
        return JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }
}
