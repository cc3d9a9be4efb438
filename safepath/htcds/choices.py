"""HTCDS 2.0 picklists: value names exactly as in the field-standards sheet.

Labels are the standard's English value labels, marked for translation.
Generated once from ../shared/htcds/htcds_fields_2.0.csv and then kept by hand;
tests/test_vocabulary.py checks them against the sheet whenever it is present.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgType(models.TextChoices):
    """Type of organisation (HTCDS org_Type)."""

    NGO = "NGO", _("NGO")
    LAW_ENFORCEMENT = "LawEnforcement", _("Law Enforcement")
    HEALTH_SERVICE_ORGANISATION = (
        "HealthServiceOrganisation",
        _("Health Service Organisation"),
    )
    CENTRAL_GOVERNMENT_ORGANISATION = (
        "CentralGovernmentOrganisation",
        _("Central Government Organisation"),
    )
    LOCAL_GOVERNMENT_ORGANISATION = (
        "LocalGovernmentOrganisation",
        _("Local Government Organisation"),
    )
    IMMIGRATION_SERVICE = "ImmigrationService", _("Immigration Service")
    LEGAL_SERVICE = "LegalService", _("Legal Service")
    CORPORATE_BUSINESS = "CorporateBusiness", _("Corporate Business")
    SCHOOL_OR_COLLEGE = "SchoolOrCollege", _("School or College")


class Gender(models.TextChoices):
    """Gender (prs_Gender)."""

    FEMININE = "Feminine", _("Feminine")
    MASCULINE = "Masculine", _("Masculine")
    TRANSGENDER_FEMININE = "TransgenderFeminine", _("Transgender Feminine")
    TRANSGENDER_MASCULINE = "TransgenderMasculine", _("Transgender Masculine")
    NON_CONFORMING = "NonConforming", _("Non-Conforming")
    NON_SPECIFIED_UNKNOWN = "NonSpecifiedUnknown", _("Not Specified/Unknown")


class MaritalStatus(models.TextChoices):
    """Marital Status (prs_MaritalStatus)."""

    SINGLE = "Single", _("Single")
    MARRIED = "Married", _("Married")
    WIDOWED = "Widowed", _("Widowed")
    DIVORCED = "Divorced", _("Divorced")
    SEPARATED = "Separated", _("Separated")
    REGISTERED_PARTNERSHIP = "RegisteredPartnership", _("Registered Partnership")


class HighestLevelOfEducation(models.TextChoices):
    """ISCED 2011 levels."""

    EARLY_CHILDHOOD_EDUCATION = (
        "EarlyChildhoodEducation",
        _("Early Childhood Education"),
    )
    PRIMARY_EDUCATION = "PrimaryEducation", _("Primary Education")
    LOWER_SECONDARY_EDUCATION = (
        "LowerSecondaryEducation",
        _("Lower Secondary Education"),
    )
    UPPER_SECONDARY_EDUCATION = (
        "UpperSecondaryEducation",
        _("Upper Secondary Education"),
    )
    POST_SECONDARY_NON_TERTIARY_EDUCATION = (
        "PostSecondaryNonTertiaryEducation",
        _("Post-secondary Non-tertiary Education"),
    )
    SHORT_CYCLE_TERTIARY_EDUCATION = (
        "ShortCycleTertiaryEducation",
        _("Short-cycle Tertiary Education"),
    )
    BACHELORS_OR_EQUIVALENT_LEVEL = (
        "BachelorsOrEquivalentLevel",
        _("Bachelor’s or Equivalent Level"),
    )
    MASTERS_OR_EQUIVALENT_LEVEL = (
        "MastersOrEquivalentLevel",
        _("Master’s or Equivalent Level"),
    )
    DOCTORAL_OR_EQUIVALENT_LEVEL = (
        "DoctoralOrEquivalentLevel",
        _("Doctoral or Equivalent Level"),
    )


class TraffickingStatus(models.TextChoices):
    """Trafficking Status (vic_TraffickingStatus)."""

    POSSIBLE_VICTIM_OF_TRAFFICKING = (
        "PossibleVictimOfTrafficking",
        _("Possible victim of trafficking"),
    )
    ACTUAL_VICTIM_OF_TRAFFICKING = (
        "ActualVictimOfTrafficking",
        _("Actual victim of trafficking"),
    )
    NOT_AVICTIM_OF_TRAFFICKING = (
        "NotAVictimOfTrafficking",
        _("Not a victim of trafficking"),
    )


class TraffickingStatusDecisionMakingOrg(models.TextChoices):
    """Who decided the trafficking status (vic_TraffickingStatusDecisionMakingOrg)."""

    POLICE = "Police", _("Police")
    NGO = "NGO", _("NGO")
    COURT_OR_PROSECUTION = "CourtOrProsecution", _("Court or prosecution")
    NON_POLICE_GOVERNMENTAL_ORGANIZATION = (
        "NonPoliceGovernmentalOrganization",
        _("Non-police governmental organization"),
    )
    OTHER = "Other", _("Other")


class RelationshipToTrafficker(models.TextChoices):
    """vic_RelationshipToTrafficker.

    The standard spells a value 'Unaquainted': the value is kept, the label fixed.
    """

    FAMILIAL = "Familial", _("Familial")
    ACQUAINTED = "Acquainted", _("Acquainted")
    UNAQUAINTED = "Unaquainted", _("Unacquainted")


class WebsitesAndApps(models.TextChoices):
    """Used by vic_RecruitmentWebsitesAndApps and vic_ExploitationWebsitesAndApps."""

    FACEBOOK = "Facebook", _("Facebook")
    INSTAGRAM = "Instagram", _("Instagram")
    WHATS_APP = "WhatsApp", _("WhatsApp")
    TELEGRAM = "Telegram", _("Telegram")
    FACEBOOK_MESSENGER = "FacebookMessenger", _("Facebook Messenger")
    VIBER = "Viber", _("Viber")
    SNAP_CHAT = "SnapChat", _("SnapChat")
    LINE = "Line", _("Line")
    FOUR_SALE = "4Sale", _("4Sale")
    WE_CHAT = "WeChat", _("WeChat")
    QQ = "QQ", _("QQ")
    QZONE = "QZone", _("QZone")
    TIK_TOK = "TikTok", _("TikTok")
    TWITTER = "Twitter", _("Twitter")
    OTHER = "Other", _("Other")


class MethodOfRecruitment(models.TextChoices):
    """Method of Recruitment (vic_MethodOfRecruitment)."""

    AT_APLACE_OF_BUSINESS = "AtAPlaceOfBusiness", _("At a place of business")
    AT_AN_EDUCATIONAL_INSTITUTION = (
        "AtAnEducationalInstitution",
        _("At an educational institution"),
    )
    AT_WORK = "AtWork", _("At work")
    THROUGH_ONLINE_SOCIAL_NETWORKS = (
        "ThroughOnlineSocialNetworks",
        _("Through online social networks"),
    )
    THROUGH_AN_ONLINE_ADVERTISEMENT = (
        "ThroughAnOnlineAdvertisement",
        _("Through an online advertisement"),
    )
    THROUGH_ATELEVISION_ADVERT = (
        "ThroughATelevisionAdvert",
        _("Through a television advert"),
    )
    THROUGH_ANEWSPAPER_ADVERT = (
        "ThroughANewspaperAdvert",
        _("Through a newspaper advert"),
    )
    THROUGH_FAMILY_OR_FAMILY_EVENTS = (
        "ThroughFamilyOrFamilyEvents",
        _("Through family or family events"),
    )
    THROUGH_FRIENDS_OR_SOCIAL_EVENTS = (
        "ThroughFriendsOrSocialEvents",
        _("Through friends or social events"),
    )
    OTHER = "Other", _("Other")


class MethodsOfControl(models.TextChoices):
    """Methods of Control (vic_MethodsOfControl)."""

    PHYSICAL_THREATS = "PhysicalThreats", _("Physical threats")
    THREATS_LAW_ENFORCEMENT = "ThreatsLawEnforcement", _("Threats of law enforcement")
    THREATENS_CHILDREN_FAMILY = (
        "ThreatensChildrenFamily",
        _("Threatens children/family"),
    )
    DEBT_BONDAGE = "DebtBondage", _("Debt bondage")
    FALSE_PROMISES = "FalsePromises", _("False promises")
    PHYSICAL_ABUSE = "PhysicalAbuse", _("Physical abuse")
    SEXUAL_ABUSE = "SexualAbuse", _("Sexual abuse")
    TAKES_EARNINGS = "TakesEarnings", _("Takes earnings")
    RESTRICTS_FINANCIAL_ACCESS = (
        "RestrictsFinancialAccess",
        _("Restricts financial access"),
    )
    RESTRICTS_MEDICAL_CARE = "RestrictsMedicalCare", _("Restricts medical care")
    WITHHOLDS_NECESSITIES = "WithholdsNecessities", _("Withholds necessities")
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse", _("Psychological abuse")
    PSYCHOACTIVE_SUBSTANCE = "PsychoactiveSubstance", _("Psychoactive substance")
    EXCESSIVE_WORKING_HOURS = "ExcessiveWorkingHours", _("Excessive working hours")
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments", _("Withholds documents")
    OTHER = "Other", _("Other")


class TypeOfExploitation(models.TextChoices):
    """Type of Exploitation (vic_TypeOfExploitation)."""

    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    SEXUAL_EXPLOITATION = "SexualExploitation", _("Sexual exploitation")
    CHILD_LABOUR = "ChildLabour", _("Child labour")
    FORCED_MARRIAGE = "ForcedMarriage", _("Forced marriage")
    SERVITUDE = "Servitude", _("Servitude")
    FORCED_MILITARY_BY_NON_STATE_ACTORS = (
        "ForcedMilitaryByNonStateActors",
        _("Forced military (by non-state actors)"),
    )
    ORGAN_REMOVAL = "OrganRemoval", _("Organ removal")
    FORCED_BEGGING = "ForcedBegging", _("Forced begging")
    FORCED_ADOPTION = "ForcedAdoption", _("Forced adoption")
    SURROGACY = "Surrogacy", _("Surrogacy")
    OTHER = "Other", _("Other")


class ForcedLabourIndustry(models.TextChoices):
    """ISIC rev. 4 sections."""

    A_AGRICULTURE_FORESTRY_AND_FISHING = (
        "A_AgricultureForestryAndFishing",
        _("Agriculture, forestry and fishing"),
    )
    B_MINING_AND_QUARRYING = "B_MiningAndQuarrying", _("Mining and quarrying")
    C_MANUFACTURING = "C_Manufacturing", _("Manufacturing")
    D_ELECTRICITY_GAS_STEAM_AND_AIR_CONDITIONING_SUPPLY = (
        "D_ElectricityGasSteamAndAirConditioningSupply",
        _("Electricity, gas, steam and air conditioning supply"),
    )
    E_WATER_SUPPLY_SEWERAGE_WASTE_MANAGEMENT = (
        "E_WaterSupplySewerageWasteManagement",
        _("Water supply; sewerage, waste management and remediation"),
    )
    F_CONSTRUCTION = "F_Construction", _("Construction")
    G_WHOLESALE_AND_RETAIL_TRADE_REPAIR_OF_MOTOR_VEHICLES = (
        "G_WholesaleAndRetailTradeRepairOfMotorVehicles",
        _("Wholesale and retail trade; repair of motor vehicles and motorcycles"),
    )
    H_TRANSPORTATION_AND_STORAGE = (
        "H_TransportationAndStorage",
        _("Transportation and storage"),
    )
    I_ACCOMMODATION_AND_FOOD_SERVICE_ACTIVITIES = (
        "I_AccommodationAndFoodServiceActivities",
        _("Accommodation and food service activities"),
    )
    J_INFORMATION_AND_COMMUNICATION = (
        "J_InformationAndCommunication",
        _("Information and communication"),
    )
    K_FINANCIAL_AND_INSURANCE_ACTIVITIES = (
        "K_FinancialAndInsuranceActivities",
        _("Financial and insurance activities"),
    )
    L_REAL_ESTATE_ACTIVITIES = "L_RealEstateActivities", _("Real estate activities")
    M_PROFESSIONAL_SCIENTIFIC_AND_TECHNICAL_ACTIVITIES = (
        "M_ProfessionalScientificAndTechnicalActivities",
        _("Professional, scientific and technical activities"),
    )
    N_ADMINISTRATIVE_AND_SUPPORT_SERVICE_ACTIVITIES = (
        "N_AdministrativeAndSupportServiceActivities",
        _("Administrative and support service activities"),
    )
    O_PUBLIC_ADMINISTRATION_AND_DEFENCE = (
        "O_PublicAdministrationAndDefence",
        _("Public administration and defence; compulsory social security"),
    )
    P_EDUCATION = "P_Education", _("Education")
    Q_HUMAN_HEALTH_AND_SOCIAL_WORK_ACTIVITIES = (
        "Q_HumanHealthAndSocialWorkActivities",
        _("Human health and social work activities"),
    )
    R_ARTS_ENTERTAINMENT_AND_RECREATION = (
        "R_ArtsEntertainmentAndRecreation",
        _("Arts, entertainment and recreation"),
    )
    S_OTHER_SERVICE_ACTIVITIES = (
        "S_OtherServiceActivities",
        _("Other service activities"),
    )
    T_ACTIVITIES_OF_HOUSEHOLDS_AS_EMPLOYERS = (
        "T_ActivitiesOfHouseholdsAsEmployers",
        _(
            "Activities of households as employers; undifferentiated goods- and "
            "services- producing activities of households for own use"
        ),
    )
    U_ACTIVITIES_OF_EXTRATERRITORIAL_ORGANIZATIONS = (
        "U_ActivitiesOfExtraterritorialOrganizations",
        _("Activities of extraterritorial organizations and bodies"),
    )


class TypeOfSexExploitation(models.TextChoices):
    """Type of Sex Exploitation (vic_TypeOfSexExploitation)."""

    PROSTITUTION = "Prostitution", _("Prostitution")
    PORNOGRAPHY = "Pornography", _("Pornography")
    REMOTE_INTERACTIVE_SERVICES = (
        "RemoteInteractiveServices",
        _("Remote Interactive Services"),
    )
    PRIVATE_SEXUAL_SERVICES = "PrivateSexualServices", _("Private Sexual Services")


class Vulnerabilities(models.TextChoices):
    """Vulnerabilities (vic_Vulnerabilities)."""

    ADDICTION = "Addiction", _("Addiction")
    SOCIAL_GROUP = "SocialGroup", _("Social Group")
    DISCRIMINATION = "Discrimination", _("Discrimination")
    POVERTY = "Poverty", _("Poverty")
    DISABILITY_AND_PHYSICAL_HEALTH = (
        "DisabilityAndPhysicalHealth",
        _("Disability and physical health"),
    )
    MENTAL_HEALTH = "MentalHealth", _("Mental health")
    MIGRATION = "Migration", _("Migration")
    HOMELESSNESS = "Homelessness", _("Homelessness")
    ABUSE_SOCIAL_MEDIA = "AbuseSocialMedia", _("Abuse - social media")
    ABUSE_PHYSICAL = "AbusePhysical", _("Abuse - physical")
    EDUCATION = "Education", _("Education")
    WORK_ENVIRONMENT = "WorkEnvironment", _("Work environment")


class RoleInProcess(models.TextChoices):
    """Role in Process (per_RoleInProcess)."""

    TRAVELLING_PARTNER = "TravellingPartner", _("Travelling Partner")
    TRANSPORTER = "Transporter", _("Transporter")
    RECRUITER_OR_INTERMEDIARY = (
        "RecruiterOrIntermediary",
        _("Recruiter Or Intermediary"),
    )
    BROKER_TRAVEL_AGENT = "BrokerTravelAgent", _("Broker Travel Agent")
    TRANSFERRED_INDIVIDUAL = "TransferredIndividual", _("Transferred Individual")
    HARBOURED_INDIVIDUAL = "HarbouredIndividual", _("Harboured Individual")
    SOLD_INDIVIDUAL = "SoldIndividual", _("Sold Individual")
    BOUGHT_INDIVIDUAL = "BoughtIndividual", _("Bought Individual")
    RECEIVED_INDIVIDUAL = "ReceivedIndividual", _("Received Individual")
    CONTROLLED_INDIVIDUAL = "ControlledIndividual", _("Controlled Individual")
    SMUGGLER = "Smuggler", _("Smuggler")
    ABUSER = "Abuser", _("Abuser")
    KIDNAPPER = "Kidnapper", _("Kidnapper")
    EXPLOITER = "Exploiter", _("Exploiter")
    OTHER = "Other", _("Other")


class CaseStatus(models.TextChoices):
    """Status (cas_Status)."""

    ACTIVE = "Active", _("Active")
    FOLLOW_UP = "FollowUp", _("Follow Up")
    CLOSED = "Closed", _("Closed")
    CLOSED_REFERRED = "ClosedReferred", _("Closed Referred")


class ReasonForReferral(models.TextChoices):
    """Used by cas_ReasonForIncomingReferral and cas_ReasonForOutgoingReferral."""

    ADDITIONAL_SERVICES_REQUIRED = (
        "AdditionalServicesRequired",
        _("Additional Services Required"),
    )
    MIGRATION_OR_CHANGE_OF_LOCATION = (
        "MigrationOrChangeOfLocation",
        _("Migration or Change of Location"),
    )
    OTHER = "Other", _("Other")


class TraffickingEventType(models.TextChoices):
    """Type (hte_Type)."""

    RECRUITMENT = "Recruitment", _("Recruitment")
    TRANSIT = "Transit", _("Transit")
    EXPLOITATION = "Exploitation", _("Exploitation")


class SupportPlanType(models.TextChoices):
    """Type (spl_Type)."""

    EDUCATION = "Education", _("Education")
    FINANCIAL = "Financial", _("Financial")
    HEALTH = "Health", _("Health")
    LABOUR_EXPLOITATION_REHABILITATION = (
        "LabourExploitationRehabilitation",
        _("Labour Exploitation Rehabilitation"),
    )
    LEGAL = "Legal", _("Legal")
    LIVELIHOOD = "Livelihood", _("Livelihood")
    RIGHTS_BASED_TRAINING = "RightsBasedTraining", _("Rights-based Training")
    SEXUAL_EXPLOITATION_REHABILITATION = (
        "SexualExploitationRehabilitation",
        _("Sexual Exploitation Rehabilitation"),
    )
    SOCIAL_CARE = "SocialCare", _("Social Care")


class Language(models.TextChoices):
    """prs_PrimaryLanguage / prs_SecondaryLanguage: ISO 639-2 codes.

    HTCDS names the standard, not a list; these are the languages met in the
    programme's area. More can be added here (append only).
    """

    MON = "mon", _("Mongolian")
    KAZ = "kaz", _("Kazakh")
    TYV = "tyv", _("Tuvan")
    BUA = "bua", _("Buryat")
    RUS = "rus", _("Russian")
    ZHO = "zho", _("Chinese")
    KOR = "kor", _("Korean")
    JPN = "jpn", _("Japanese")
    ENG = "eng", _("English")
    FRA = "fra", _("French")
    TUR = "tur", _("Turkish")
    VIE = "vie", _("Vietnamese")
    UZB = "uzb", _("Uzbek")
    KIR = "kir", _("Kyrgyz")


# Multi-select picklists, by the name stored in PicklistValue.picklist. "Country"
# (ISO 3166-1 alpha-2, for prs_Citizenship) is filled from django-countries.
MULTISELECT_PICKLISTS: dict[str, type[models.TextChoices]] = {
    "WebsitesAndApps": WebsitesAndApps,
    "MethodOfRecruitment": MethodOfRecruitment,
    "MethodsOfControl": MethodsOfControl,
    "TypeOfExploitation": TypeOfExploitation,
    "TypeOfSexExploitation": TypeOfSexExploitation,
    "Vulnerabilities": Vulnerabilities,
    "RoleInProcess": RoleInProcess,
}
COUNTRY = "Country"

# Every HTCDS picklist field and the choices that hold its values.
HTCDS_PICKLISTS: dict[str, type[models.TextChoices]] = {
    "org_Type": OrgType,
    "prs_Gender": Gender,
    "prs_MaritalStatus": MaritalStatus,
    "prs_HighestLevelOfEducation": HighestLevelOfEducation,
    "vic_TraffickingStatus": TraffickingStatus,
    "vic_TraffickingStatusDecisionMakingOrg": TraffickingStatusDecisionMakingOrg,
    "vic_RelationshipToTrafficker": RelationshipToTrafficker,
    "vic_RecruitmentWebsitesAndApps": WebsitesAndApps,
    "vic_MethodOfRecruitment": MethodOfRecruitment,
    "vic_MethodsOfControl": MethodsOfControl,
    "vic_TypeOfExploitation": TypeOfExploitation,
    "vic_ForcedLabourIndustry": ForcedLabourIndustry,
    "vic_TypeOfSexExploitation": TypeOfSexExploitation,
    "vic_ExploitationWebsitesAndApps": WebsitesAndApps,
    "vic_Vulnerabilities": Vulnerabilities,
    "per_RoleInProcess": RoleInProcess,
    "cas_Status": CaseStatus,
    "cas_ReasonForIncomingReferral": ReasonForReferral,
    "cas_ReasonForOutgoingReferral": ReasonForReferral,
    "hte_Type": TraffickingEventType,
    "spl_Type": SupportPlanType,
}
