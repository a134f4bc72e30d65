#pragma once

#include "sipcore/core/outgoingrequestdelegate.h"

#include <memory>
#include <optional>
#include <string>

namespace sipcore {

class SessionDialog;
class UserAgentClient;

/// The notifier of the implicit subscription that a REFER we accepted creates (RFC 3515
/// §2.4.4-2.4.5, RFC 6665): tells the referrer by NOTIFY within \a dialog how the request it
/// asked for is going, each NOTIFY a message/sipfrag (RFC 3420) holding the status line of the
/// latest response. One NOTIFY is under way at a time; a report made meanwhile waits, and a
/// newer one replaces it. A final status (200-699) ends the subscription (Subscription-State:
/// terminated;reason=noresource). Once the referrer refuses a NOTIFY, or the final one is
/// answered, nothing more is sent. Lives on the core thread; the core outlives it.
class ReferNotifier final : private OutgoingRequestDelegate
{
public:
    static constexpr int ExpiresSeconds = 60;

    explicit ReferNotifier(std::shared_ptr<SessionDialog> dialog);
    ~ReferNotifier() override;
    ReferNotifier(const ReferNotifier &) = delete;
    ReferNotifier &operator=(const ReferNotifier &) = delete;

    /// Reports \a statusCode (100-699) with \a reasonPhrase; nothing once a final one was.
    void report(int statusCode, std::string reasonPhrase);
    /// True once a final status was reported (or the referrer refused a NOTIFY).
    bool isTerminated() const { return m_terminated; }
    /// The last status reported, 0 before any.
    int lastStatusCode() const { return m_lastStatusCode; }
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
    int m_lastStatusCode = 0;
    bool m_terminated = false; ///< the final status is reported
    bool m_stopped = false;    ///< nothing more goes out
};

} // namespace sipcore
