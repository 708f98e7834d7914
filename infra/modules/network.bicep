// Optional VNet integration (vnetEnabled): one subnet per function app, delegated to
// Microsoft.App/environments as Flex Consumption requires. The apps' outbound traffic leaves through it.

param name string
param location string
param tags object

@description('Names of the apps that get a subnet, in order; subnet i is 10.0.i.0/24.')
param appNames string[]

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: ['10.0.0.0/16']
    }
    subnets: [
      for (app, i) in appNames: {
        name: 'snet-${app}'
        properties: {
          addressPrefix: '10.0.${i + 1}.0/24'
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
          serviceEndpoints: [
            { service: 'Microsoft.Storage' }
            { service: 'Microsoft.AzureCosmosDB' }
            { service: 'Microsoft.EventHub' }
          ]
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

output name string = vnet.name
output subnetIds string[] = [for app in appNames: resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'snet-${app}')]
