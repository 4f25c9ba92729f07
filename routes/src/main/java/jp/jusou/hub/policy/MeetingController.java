package jp.jusou.hub.policy;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.message.MyNumberDetector;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.platform.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * 支援会議 registration by the coordinator ({@code takikan}): {@code POST /api/v1/meetings} with
 * {@code {"meetingId", "members": [agencyIds]}}; members of a meeting may read it back.
 */
@Tag(name = "Policy")
@RestController
class MeetingController {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MeetingController.class);

    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");

    private final Meetings meetings;
    private final AgencyDirectory directory;

    public MeetingController(Meetings meetings, AgencyDirectory directory) {
        this.meetings = meetings;
        this.directory = directory;
    }

    /** The body of a registration: the meeting's id and the agencies that are its members. */
    public record Registration(String meetingId, List<String> members) {
    }

    @Operation(summary = "Register a 支援会議 and its members", description = "Coordinators (takikan) only. The caller becomes a member; a meeting belongs to the coordinator that registered it.")
    @ApiResponse(responseCode = "201", description = "Registered")
    @ApiResponse(responseCode = "200", description = "Re-registered with these members")
    @ApiResponse(responseCode = "400", description = "Bad meetingId or members (SCHEMA_VIOLATION, MY_NUMBER_DETECTED, UNKNOWN_AGENCY, OTHER_MUNICIPALITY)")
    @ApiResponse(responseCode = "403", description = "The caller is not a coordinator (NOT_COORDINATOR)")
    @ApiResponse(responseCode = "409", description = "Another coordinator registered this meeting (NOT_COORDINATOR)")
    @PostMapping("/api/v1/meetings")
    public ResponseEntity<?> register(@RequestBody Registration body, Principal principal) {
        Agency caller = directory.find(principal.getName()).orElseThrow();
        if (!"takikan".equals(caller.kind())) {
            return Problems.response(Problems.of(HttpStatus.FORBIDDEN, ReasonCode.NOT_COORDINATOR, null));
        }
        String meetingId = body.meetingId() == null ? "" : body.meetingId();
        if (!ID.matcher(meetingId).matches()) {
            return Problems.response(Problems.of(HttpStatus.BAD_REQUEST, ReasonCode.SCHEMA_VIOLATION, "$.meetingId"));
        }
        if (MyNumberDetector.contains(meetingId)) {
            // an id is stored, listed and logged: a 個人番号 must never become one
            return Problems.response(Problems.of(HttpStatus.BAD_REQUEST, ReasonCode.MY_NUMBER_DETECTED, "$.meetingId"));
        }
        List<String> members = new ArrayList<>();
        List<Reason> reasons = new ArrayList<>();
        List<String> named = body.members() == null ? List.of() : body.members();
        for (int i = 0; i < named.size(); i++) {
            // the path names the bad item; the text never repeats the value (it is the caller's free input)
            String path = "$.members[" + i + "]";
            String ja = "構成員（" + (i + 1) + "番目）";
            String en = "Member " + (i + 1);
            Agency member = directory.find(named.get(i)).orElse(null);
            if (member == null) {
                reasons.add(Reason.of(ReasonCode.UNKNOWN_AGENCY, path, ja, en));
            } else if (!member.municipality().equals(caller.municipality())) {
                reasons.add(Reason.of(ReasonCode.OTHER_MUNICIPALITY, path, ja, en));
            } else {
                members.add(member.id());
            }
        }
        if (members.isEmpty() && reasons.isEmpty()) {
            reasons.add(Reason.of(ReasonCode.SCHEMA_VIOLATION, "$.members"));
        }
        if (!reasons.isEmpty()) {
            return Problems.response(Problems.of(HttpStatus.BAD_REQUEST, reasons));
        }
        if (!members.contains(caller.id())) {
            members.add(caller.id());
        }
        Meetings.Registered registered = meetings.register(meetingId, caller.municipality(), "shien-kaigi", members, caller.id());
        if (registered == Meetings.Registered.OWNED_BY_ANOTHER) {
            log.warn("Meeting registration refused: {} is registered by another coordinator, not {}", meetingId, caller.id());
            return Problems.response(Problems.of(HttpStatus.CONFLICT, List.of(Reason.of(ReasonCode.NOT_COORDINATOR, "$.meetingId",
                    "この支援会議は別の機関が登録しています。", "Another coordinator registered this meeting."))));
        }
        log.info("Meeting {} {} by {} ({} members)", meetingId, registered == Meetings.Registered.CREATED ? "registered" : "re-registered",
                caller.id(), members.size());
        return ResponseEntity.status(registered == Meetings.Registered.CREATED ? HttpStatus.CREATED : HttpStatus.OK)
                .body(Map.of("meetingId", meetingId, "type", "shien-kaigi", "members", members));
    }

    @Operation(summary = "A 支援会議 and its members", description = "For its members only.")
    @ApiResponse(responseCode = "200", description = "{meetingId, type, members}")
    @ApiResponse(responseCode = "404", description = "No such meeting with the caller as a member (NOT_MEETING_MEMBER)")
    @GetMapping("/api/v1/meetings/{meetingId}")
    public ResponseEntity<?> read(@PathVariable String meetingId, Principal principal) {
        return meetings.find(meetingId).filter(m -> m.members().contains(principal.getName()))
                .<ResponseEntity<?>>map(m -> ResponseEntity.ok(Map.of("meetingId", m.meetingId(), "type", m.type(), "members", m.members())))
                .orElseGet(() -> Problems.response(Problems.of(HttpStatus.NOT_FOUND, ReasonCode.NOT_MEETING_MEMBER, null)));
    }
}
