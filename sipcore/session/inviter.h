#pragma once

#include "sipcore/core/outgoingrequestdelegate.h"
#include "sipcore/session/session.h"
#include "sipcore/syntax/uri.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sipcore {

class InviteUserAgentClient;

/// Who calls and through where (an account's identity and outbound proxy).
struct InviterOptions
{
    /// Our identity (From without its tag); the core's AOR when unset.
    std::optional<NameAddr> from;
    /// Route headers of the INVITE: an outbound proxy (with ;lr).
    std::vector<NameAddr> routeSet;
    /// The user part of our Contact; the core's contactUser when empty.
    std::string contactUser;
    /// More header fields for the INVITE, such as Replaces and Referred-By for a referral.
    std::vector<HeaderLine> extraHeaders;
    /// Whether the call's audio is encrypted; a sips: target always requires it.
    sdp::SrtpMode srtp = sdp::SrtpMode::Off;
    /// The session whose peer's REFER asked for this call: it hears how the call goes and
    /// reports that to its peer (Session::ReferralHandler).
    std::weak_ptr<Session> referrer;
};

/// An outgoing call (SIP.js's Inviter): the session state machine above the core.
///
///   Initial --invite()--> Establishing --2xx--> Established --bye()/BYE--> Terminating
///      |                     |   |                                            |
///      | hangup()            |   +--cancel(): CANCEL once a 1xx came;         V
///      +-----------------> Terminated <-- 3xx-6xx, 408/503, 487, BYE done ----+
///
/// Hang-up rules (RFC 3261 §9.1, §15): an unanswered call is cancelled; a 2xx that crosses the
/// CANCEL is ACKed and then BYEd, and the call still ends as Cancelled; an established call
/// ends with BYE; a call already ending is left alone. A challenge (401/407) ends the call like
/// any rejection (answering challenges comes with digest authentication, which must keep
/// this rule: after hang-up the INVITE is never re-sent). A 422 (RFC 4028 §7.4) is answered
/// once with a new INVITE that asks for the Min-SE it names, unless we hung up.
///
/// Threads: as Session's.
class Inviter final : public Session, private OutgoingInviteRequestDelegate
{
public:
    Inviter(UserAgentCore &core,
            boost::asio::any_io_executor executor,
            Uri target,
            Listener listener,
            InviterOptions options = {});
    ~Inviter() override;

    /// Sends the INVITE.
    void invite();
    /// Cancels an unanswered call; \a reason becomes a Reason header (RFC 3326) if not empty.
    void cancel(std::string reason = {});
    /// See the class comment.
    void hangup() override;

    void dispose() override;
    const Uri &target() const { return m_target; }
    /// Also matches the early dialogs of our INVITE (Early).
    DialogMatch matchDialog(std::string_view callId,
                            std::string_view localTag,
                            std::string_view remoteTag) const override;

private:
    void doInvite();
    /// Sends the INVITE; after a 422, again with the same Call-ID and From tag.
    void sendInvite();
    void doCancel(const std::string &reason);
    /// A 422 (RFC 4028 §7.4): asks once more with the interval it names; false when it names
    /// none longer than ours or we asked again already.
    bool retryWithLongerInterval(const Response &response);

    // OutgoingInviteRequestDelegate
    void onProgress(const Response &response) override;
    void onAcceptSession(const Response &response,
                         const std::shared_ptr<SessionDialog> &session) override;
    void onRedirect(const Response &response) override;
    void onReject(const Response &response) override;

    Uri m_target;
    InviterOptions m_options;
    std::shared_ptr<InviteUserAgentClient> m_client;
    bool m_hangupRequested = false;
    /// What the INVITE asks of the session timer; a 422 raises it.
    SessionTimerSettings m_sessionTimerSettings;
    bool m_retriedAfter422 = false;
};

} // namespace sipcore
