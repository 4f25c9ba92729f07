package jp.jusou.hub.operations;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.jusou.hub.connectors.ChangeApprovals;
import jp.jusou.hub.connectors.ConnectorConflictException;
import jp.jusou.hub.connectors.ConnectorStartException;
import jp.jusou.hub.connectors.InvalidConnectorException;
import jp.jusou.hub.connectors.UnknownConnectorException;
import jp.jusou.hub.platform.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The connector admin API's problems (problem+json, 日本語 and English), for deploys and for approvals. */
@RestControllerAdvice(assignableTypes = {ConnectorController.class, ConnectorChangeController.class, ConsoleChangesController.class})
class ConnectorProblems {

    @ExceptionHandler(InvalidConnectorException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidConnectorException e) {
        ProblemDetail problem = Problems.plain(HttpStatus.UNPROCESSABLE_CONTENT, "INVALID_CONNECTOR",
                "コネクタ定義に誤りがあります。", "The connector definition is not valid.");
        problem.setProperty("errors", e.problems().stream().map(p -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", p.file());
            row.put("line", p.line());
            row.put("column", p.column());
            row.put("path", p.path());
            row.put("message", p.message());
            return row;
        }).toList());
        return Problems.response(problem);
    }

    @ExceptionHandler(UnknownConnectorException.class)
    ResponseEntity<ProblemDetail> unknown(UnknownConnectorException e) {
        ProblemDetail problem = Problems.plain(HttpStatus.NOT_FOUND, "UNKNOWN_CONNECTOR",
                "そのコネクタはデプロイされていません。", "No such deployed connector.");
        problem.setDetail(e.getMessage());
        return Problems.response(problem);
    }

    @ExceptionHandler({ConnectorConflictException.class, ConnectorStartException.class})
    ResponseEntity<ProblemDetail> conflict(RuntimeException e) {
        boolean start = e instanceof ConnectorStartException;
        ProblemDetail problem = Problems.plain(HttpStatus.CONFLICT, start ? "CONNECTOR_START_FAILED" : "CONNECTOR_CONFLICT",
                start ? "コネクタを起動できませんでした。以前の版が動作を続けています。"
                        : "現在の状態ではこの操作はできません。",
                start ? "The connector could not start; the previous version keeps running."
                        : "Not possible in the connector's current state.");
        problem.setDetail(e.getMessage());
        return Problems.response(problem);
    }
    @ExceptionHandler(ChangeApprovals.SelfApprovalException.class)
    ResponseEntity<ProblemDetail> selfApproval(ChangeApprovals.SelfApprovalException e) {
        return Problems.response(Problems.plain(HttpStatus.FORBIDDEN, "SELF_APPROVAL",
                "変更を提案した本人は承認できません。別の管理者の承認が必要です。",
                "The proposer of a change cannot approve it; a second admin must."));
    }

    @ExceptionHandler(ChangeApprovals.UnknownChangeException.class)
    ResponseEntity<ProblemDetail> unknown(ChangeApprovals.UnknownChangeException e) {
        return Problems.response(Problems.plain(HttpStatus.NOT_FOUND, "UNKNOWN_CHANGE",
                "その変更はありません。", "No such connector change."));
    }
}
