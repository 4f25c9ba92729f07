package jp.jusou.hub.operations;

import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/** The console's entry and its login page (Japanese first, English beside; the form carries the CSRF token). */
@Controller
class ConsolePages {

    @GetMapping({"/console", "/console/"})
    public String console() {
        return "redirect:/console/index.html";
    }

    @GetMapping(value = "/console/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String login(CsrfToken csrf, @RequestParam(required = false) String error, @RequestParam(required = false) String logout) {
        String message = error != null ? "<p class=\"error\" id=\"login-error\">ユーザー名またはパスワードが違います。<br>"
                + "<span class=\"en\">Wrong user name or password.</span></p>"
                : logout != null ? "<p class=\"info\">ログアウトしました。<span class=\"en\">Logged out.</span></p>" : "";
        return """
                <!DOCTYPE html>
                <html lang="ja"><head><meta charset="utf-8"><title>重層 Hub 運用コンソール / Operator console — ログイン</title>
                <link rel="stylesheet" href="/console/console.css"></head>
                <body class="login"><main class="login-box">
                <h1>重層 Hub 運用コンソール<br><span class="en">Operator console</span></h1>
                %s
                <form method="post" action="/console/login">
                <label>ユーザー名 <span class="en">User</span><input id="username" name="username" autocomplete="username" required></label>
                <label>パスワード <span class="en">Password</span><input id="password" name="password" type="password" autocomplete="current-password" required></label>
                <input type="hidden" name="%s" value="%s">
                <button id="login" type="submit">ログイン <span class="en">Log in</span></button>
                </form></main></body></html>
                """.formatted(message, HtmlUtils.htmlEscape(csrf.getParameterName()), HtmlUtils.htmlEscape(csrf.getToken()));
    }
}
