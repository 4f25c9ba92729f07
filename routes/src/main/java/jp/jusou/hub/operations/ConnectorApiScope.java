package jp.jusou.hub.operations;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.connectors.ConnectorStatus;
import jp.jusou.hub.platform.Problems;
import jp.jusou.hub.platform.Scope;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * The connector admin API ({@code /api/v1/connectors}, {@link ConnectorController}) for an account of
 * one municipality: the list shows its agencies' connectors only, a connector of another municipality
 * answers 404 whatever the action, and deploying (a YAML that could name any agency) is for provider
 * accounts. Kept beside the controller, so that its endpoints (and new ones under {@code {id}}) are
 * scoped without each knowing of municipalities.
 */
@Configuration(proxyBeanMethods = false)
@ControllerAdvice(assignableTypes = ConnectorController.class)
class ConnectorApiScope implements WebMvcConfigurer, HandlerInterceptor, ResponseBodyAdvice<Object> {

    private final Visibility visibility;

    public ConnectorApiScope(Visibility visibility) {
        this.visibility = visibility;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/connectors", "/api/v1/connectors/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        Scope scope = Scope.of(SecurityContextHolder.getContext().getAuthentication());
        if (scope.provider()) {
            return true;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String id = variables == null ? null : variables.get("id");
        if (id != null && !visibility.agency(scope, id)) {
            Problems.write(response, Problems.plain(HttpStatus.NOT_FOUND, "UNKNOWN_CONNECTOR", "コネクタが見つかりません。",
                    "No such connector."));
            return false;
        }
        if (id == null && HttpMethod.POST.matches(request.getMethod()) && request.getRequestURI().endsWith("/api/v1/connectors")) {
            Problems.write(response, Problems.plain(HttpStatus.FORBIDDEN, "PROVIDER_ONLY",
                    "コネクタの配備は全自治体のアカウントが行います。", "Deploying a connector needs a provider account."));
            return false;
        }
        return true;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        Scope scope = Scope.of(SecurityContextHolder.getContext().getAuthentication());
        if (scope.provider() || !(body instanceof Map<?, ?> map) || !(map.get("connectors") instanceof List<?> list)) {
            return body;
        }
        return Map.of("connectors", list.stream().filter(c -> !(c instanceof ConnectorStatus s) || visibility.agency(scope, s.agencyId()))
                .toList());
    }
}
