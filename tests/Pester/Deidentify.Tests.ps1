# De-identification from PowerShell: the configuration builder, and de-identify operations on the emulator.

BeforeAll {
    Import-Module $env:HC_TEST_SUPPORT -Force
    $emulator = Start-HcTestEmulator -EmulatorPath $env:HC_TEST_EMULATOR
    Initialize-HcTestSession -Emulator $emulator -Project deid-project
}

AfterAll {
    $emulator | Stop-HcTestEmulator
}

Describe 'New-HcDeidentifyConfig' {
    It 'builds the API''s JSON from friendly parameters, unquoted numeric tags included' {
        $config = New-HcDeidentifyConfig -Profile Basic -KeepTag StudyDate, 00080060 -SkipIdRedaction
        $config | Should -BeOfType HealthcareTools.HcDeidentifyConfig
        $json = $config.Json | ConvertFrom-Json
        $json.dicom.filterProfile | Should -Be 'ATTRIBUTE_CONFIDENTIALITY_BASIC_PROFILE'
        $json.dicom.keepList.tags | Should -Be @('StudyDate', '00080060')
        $json.dicom.skipIdRedaction | Should -BeTrue
        (New-HcDeidentifyConfig -Profile KeepAll -RemoveTag PatientName).Json | ConvertFrom-Json |
            ForEach-Object { $_.dicom.filterProfile; $_.dicom.removeList.tags } | Should -Be @('KEEP_ALL_PROFILE', 'PatientName')
    }

    It 'refuses an unknown tag and a tag both kept and removed, before any request' {
        New-HcDeidentifyConfig -KeepTag NoSuchKeyword -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failures[0].Exception.Message | Should -Match 'NoSuchKeyword'
        New-HcDeidentifyConfig -KeepTag PatientName -RemoveTag PatientName -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}
