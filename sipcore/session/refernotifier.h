#pragma once

#include "sipcore/core/outgoingrequestdelegate.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace sipcore {

class SessionDialog;
struct EventHeader;
class UserAgentClient;

/// The notifier of the implicit subscription that a REFER we accepted creates (RFC 3515
/// §2.4.4-2.4.5, RFC 6665): tells the referrer by NOTIFY within \a dialog how the request it
/// asked for is going, each NOTIFY a message/sipfrag (RFC 3420) holding the status line of the
/// latest response. One NOTIFY is under way at a time; a report made meanwhile waits, and a
/// newer one replaces it. A final status (200-699) ends the subscription (Subscription-State:
/// terminated;reason=noresource). Once the referrer refuses a NOTIFY, or the final one is
/// answered, nothing more is sent. The referrer may refresh the subscription with a SUBSCRIBE
/// within the dialog (RFC 6665 §4.2.1.2), which brings a NOTIFY of the state at once, or end
/// it with Expires: 0 (a last NOTIFY, terminated;reason=timeout; the referred request goes
/// on unreported). Lives on the core thread; the core outlives it.
class ReferNotifier final : private OutgoingRequestDelegate
{
public:
    static constexpr int ExpiresSeconds = 60;

    /// For the REFER with CSeq number \a referSequence (the subscription's id, RFC 3515 §2.4.6).
    ReferNotifier(std::shared_ptr<SessionDialog> dialog, std::uint32_t referSequence);
    ~ReferNotifier() override;
    ReferNotifier(const ReferNotifier &) = delete;
    ReferNotifier &operator=(const ReferNotifier &) = delete;

    /// Reports \a statusCode (100-699) with \a reasonPhrase; nothing once a final one was.
    void report(int statusCode, std::string reasonPhrase);
    /// True once a final status was reported (or the referrer refused a NOTIFY).
    bool isTerminated() const { return m_terminated; }
    /// The last status reported, 0 before any.
    int lastStatusCode() const { return m_lastStatusCode; }
    /// Whether a SUBSCRIBE for \a event (package refer) names this subscription and it is
    /// still on: no id (the dialog's first REFER's) or the REFER's CSeq number as the id.
    bool takesSubscribe(const EventHeader &event) const;
    /// A SUBSCRIBE that takesSubscribe() was answered 2xx granting \a expires seconds (at most
    /// ExpiresSeconds): notifies the current state at once with that time left, or, when
    /// \a expires is 0, ends the subscription with that NOTIFY.
    void refresh(std::uint32_t expires);
    /// Stops the NOTIFY under way; nothing more is sent. Idempotent.
    void dispose();

private:
    struct Report
    {
        int statusCode = 0;
        std::string reasonPhrase = {};
    };

    void sendNext();
    // OutgoingRequestDelegate
    void onAccept(const Response &response) override;
    void onRedirect(const Response &response) override;
    void onReject(const Response &response) override;

    std::shared_ptr<SessionDialog> m_dialog;
    std::shared_ptr<UserAgentClient> m_client; ///< the NOTIFY under way
    std::optional<Report> m_waiting;
    std::string m_id; ///< the REFER's CSeq number
    std::uint32_t m_expires = ExpiresSeconds;
    int m_lastStatusCode = 0;
    std::string m_lastReasonPhrase;
    bool m_unsubscribed = false; ///< the referrer ended the subscription
    bool m_terminated = false;   ///< the final status is reported
    bool m_stopped = false;      ///< nothing more goes out
};

} // namespace sipcore
