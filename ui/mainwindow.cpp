#include "mainwindow.h"

#include "account.h"
#include "audiodevices.h"
#include "callwindow.h"
#include "phone.h"
#include "settings.h"

#include <QActionGroup>
#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSystemTrayIcon>
#include <QVBoxLayout>

#include <tuple>

MainWindow::MainWindow(Phone *phone, Settings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_phone(phone)
    , m_settings(settings)
    , m_addressEdit(new QLineEdit(this))
    , m_callButton(new QPushButton(tr("Call"), this))
    , m_messageLabel(new QLabel(this))
    , m_accountsLabel(new QLabel(this))
    , m_audioMenu(menuBar()->addMenu(tr("&Audio")))
{
    setWindowTitle(tr("Ringback"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/ringback.svg")));
    m_addressEdit->setObjectName(QStringLiteral("addressEdit"));
    m_addressEdit->setPlaceholderText(tr("sip:alice@example.com"));
    m_addressEdit->setAccessibleName(tr("SIP address"));
    m_addressEdit->setClearButtonEnabled(true);
    m_addressEdit->setText(settings->lastAddress());
    m_callButton->setObjectName(QStringLiteral("callButton"));
    m_callButton->setAccessibleName(tr("Call"));
    m_callButton->setDefault(true);
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));
    m_messageLabel->setWordWrap(true);
    m_accountsLabel->setObjectName(QStringLiteral("accountsLabel"));
    m_accountsLabel->setWordWrap(true);

    auto *central = new QWidget(this);
    auto *row = new QHBoxLayout;
    row->addWidget(m_addressEdit, 1);
    row->addWidget(m_callButton);
    auto *layout = new QVBoxLayout(central);
    layout->addLayout(row);
    layout->addWidget(m_messageLabel);
    layout->addWidget(m_accountsLabel);
    layout->addStretch();
    setCentralWidget(central);
    resize(420, 140);

    connect(m_callButton, &QPushButton::clicked, this, &MainWindow::onCallClicked);
    connect(m_addressEdit, &QLineEdit::returnPressed, this, &MainWindow::onCallClicked);
    connect(m_phone, &Phone::started, this, [this](const QString &sipAddress) {
        showMessage(tr("Ready: reachable at %1").arg(sipAddress), false);
    });
    connect(m_phone, &Phone::incomingCall, this, &MainWindow::onIncomingCall);
    for (Account *account : m_phone->accounts())
        connect(account, &Account::registrationChanged, this, &MainWindow::showAccounts);
    showAccounts();
    m_audioMenu->setObjectName(QStringLiteral("audioMenu"));
    fillAudioMenu();
    // Queued: a choice made in the menu changes the devices while its action still runs.
    connect(m_phone->audioDevices(), &AudioDevices::changed, this, &MainWindow::fillAudioMenu,
            Qt::QueuedConnection);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_trayIcon = new QSystemTrayIcon(windowIcon(), this);
        m_trayIcon->setToolTip(tr("Ringback"));
        connect(m_trayIcon, &QSystemTrayIcon::activated, this, [this] {
            show();
            raise();
            activateWindow();
        });
        m_trayIcon->show();
    }
    connect(m_phone, &Phone::startFailed, this, [this](const QString &message) {
        showMessage(tr("Cannot start SIP: %1. Change the listen address in the settings "
                       "(sip/listen) or close the program that uses it.")
                            .arg(message),
                    true);
    });
}

void MainWindow::dial(const QString &address)
{
    m_addressEdit->setText(address);
    onCallClicked();
}

void MainWindow::onCallClicked()
{
    QString error;
    Call *call = m_phone->dial(m_addressEdit->text(), &error);
    if (!call) {
        showMessage(error, true);
        return;
    }
    m_settings->setLastAddress(m_addressEdit->text().trimmed());
    showMessage({}, false);
    openCallWindow(call);
}

void MainWindow::onIncomingCall(Call *call)
{
    CallWindow *window = openCallWindow(call);
    window->raise();
    window->activateWindow();
    QApplication::alert(window);
    if (m_trayIcon) {
        const QString who = call->remoteName().isEmpty() ? call->remoteUri() : call->remoteName();
        m_trayIcon->showMessage(tr("Incoming call"), tr("%1 is calling").arg(who),
                                QSystemTrayIcon::Information);
    }
}

CallWindow *MainWindow::openCallWindow(Call *call)
{
    auto *window = new CallWindow(call, this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->show();
    Q_EMIT callWindowOpened(window);
    return window;
}

void MainWindow::showAccounts()
{
    QStringList lines;
    for (const Account *account : m_phone->accounts())
        lines.append(account->statusText());
    m_accountsLabel->setText(lines.join(u'\n'));
    m_accountsLabel->setVisible(!lines.isEmpty());
}

void MainWindow::fillAudioMenu()
{
    using Role = AudioDevices::Role;
    AudioDevices *audio = m_phone->audioDevices();
    m_audioMenu->clear();
    const std::pair<Role, QString> roles[] = {{Role::Microphone, tr("&Microphone")},
                                              {Role::Speaker, tr("&Speaker")},
                                              {Role::Ringer, tr("&Ringer")}};
    for (const auto &[role, title] : roles) {
        QMenu *menu = m_audioMenu->addMenu(title);
        auto *group = new QActionGroup(menu);
        const auto add = [&, role = role](const QString &text, const QString &id) {
            QAction *action = menu->addAction(text);
            action->setCheckable(true);
            action->setChecked(audio->choice(role) == id);
            group->addAction(action);
            connect(action, &QAction::triggered, audio,
                    [audio, role, id] { audio->choose(role, id); });
        };
        add(tr("System default"), QString());
        menu->addSeparator();
        const QString chosen = audio->choice(role);
        bool chosenThere = chosen.isEmpty();
        for (const AudioDevices::Device &device : audio->devices(role)) {
            add(device.name, device.id);
            chosenThere = chosenThere || device.id == chosen;
        }
        if (!chosenThere) // chosen before, not plugged in now: used once it is
            add(tr("%1 (not connected)").arg(chosen), chosen);
    }
    m_audioMenu->addSeparator();
    const Phone::AudioProcessing processing = m_phone->audioProcessing();
    const std::tuple<QString, QString, bool Phone::AudioProcessing::*> switches[]
            = {{tr("&Echo cancellation"), QStringLiteral("echoCancellation"),
                &Phone::AudioProcessing::echoCancellation},
               {tr("&Noise suppression"), QStringLiteral("noiseSuppression"),
                &Phone::AudioProcessing::noiseSuppression},
               {tr("Automatic &gain"), QStringLiteral("gainControl"),
                &Phone::AudioProcessing::gainControl}};
    for (const auto &[text, key, member] : switches) {
        QAction *action = m_audioMenu->addAction(text);
        action->setCheckable(true);
        action->setChecked(processing.*member);
        connect(action, &QAction::toggled, this, [this, key = key, member = member](bool on) {
            Phone::AudioProcessing changed = m_phone->audioProcessing();
            changed.*member = on;
            m_phone->setAudioProcessing(changed);
            m_settings->setAudioProcessing(key, on);
        });
    }
}

void MainWindow::showMessage(const QString &text, bool error)
{
    m_messageLabel->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
    m_messageLabel->setText(text);
}
