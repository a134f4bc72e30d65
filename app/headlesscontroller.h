#pragma once

#include <QJsonObject>
#include <QObject>
#include <QSocketNotifier>

class Call;
class Phone;

/// `ringback --headless`: commands from stdin, one per line, and events on stdout as JSON
/// lines (README: "Headless control"). End of input quits like `quit`. GUI thread only.
class HeadlessController : public QObject
{
    Q_OBJECT

public:
    explicit HeadlessController(Phone *phone, QObject *parent = nullptr);

    /// Starts reading stdin.
    void start();
    /// Runs one command line; lines that arrive before the phone is listening wait for it.
    void handleCommand(const QString &line);

Q_SIGNALS:
    void quitRequested();

private:
    void readInput();
    void watch(Call *call);
    void emitCall(Call *call);
    void emitError(const QString &message, const QString &command = {});
    void emitEvent(const QJsonObject &event);

    Phone *m_phone;
    QSocketNotifier *m_notifier = nullptr;
    QByteArray m_buffer;
    QStringList m_waiting; // commands received before the phone was ready
};
