#include "sipcore/session/sessiontimer.h"

#include "sipcore/core/sessionexpires.h"

#include <algorithm>

namespace sipcore {

SessionTimer::SessionTimer(TimerFactory &timers,
                           std::function<void()> onRefreshDue,
                           std::function<void()> onExpired)
    : m_timers(&timers)
    , m_onRefreshDue(std::move(onRefreshDue))
    , m_onExpired(std::move(onExpired))
{}

SessionTimer::~SessionTimer() = default;

std::vector<HeaderLine> SessionTimer::requestHeaders(const SessionTimerSettings &settings) const
{
    SessionExpires expires{settings.expires};
    if (isActive())
        expires = {m_interval,
                   m_refresher ? SessionExpires::Refresher::Uac : SessionExpires::Refresher::Uas};
    if (expires.seconds == 0)
        return {};
    return {{"Session-Expires", expires.toString()}, {"Min-SE", std::to_string(settings.minimum)}};
}

void SessionTimer::negotiateAsUac(const Response &response)
{
    const auto expires = SessionExpires::of(response);
    if (!expires || expires->seconds == 0) {
        stop();
        return;
    }
    start(expires->seconds, expires->refresher != SessionExpires::Refresher::Uas);
}

std::vector<HeaderLine> SessionTimer::negotiateAsUas(const Request &request)
{
    auto expires = SessionExpires::of(request);
    if (!expires || expires->seconds == 0) {
        stop();
        return {};
    }
    if (expires->refresher == SessionExpires::Refresher::Unset) {
        expires->refresher = request.listsValue("Supported", "timer")
                                     ? SessionExpires::Refresher::Uac
                                     : SessionExpires::Refresher::Uas;
    }
    const bool peerRefreshes = expires->refresher == SessionExpires::Refresher::Uac;
    start(expires->seconds, !peerRefreshes);
    std::vector<HeaderLine> headers{{"Session-Expires", expires->toString()}};
    if (peerRefreshes)
        headers.push_back({"Require", "timer"});
    return headers;
}

void SessionTimer::start(std::uint32_t interval, bool refresher)
{
    m_interval = interval;
    m_refresher = refresher;
    if (!m_timer)
        m_timer = m_timers->createTimer();
    // §10: the refresher at half the interval; the other side gives up at the interval less
    // min(32 s, a third of it).
    const std::uint32_t seconds
            = refresher ? interval / 2 : interval - std::min<std::uint32_t>(32, interval / 3);
    m_timer->start(std::chrono::seconds(seconds), [this] {
        if (m_refresher)
            m_onRefreshDue(); // the interval stays for the refresh to ask for
        else
            m_onExpired();
    });
}

void SessionTimer::stop()
{
    m_interval = 0;
    if (m_timer)
        m_timer->cancel();
}

void SessionTimer::dispose()
{
    stop();
    m_timer.reset();
}

} // namespace sipcore
